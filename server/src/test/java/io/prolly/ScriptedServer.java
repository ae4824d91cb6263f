package io.prolly;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A server for client tests that answers as a real {@link RemoteEndpoint} of a repository does,
 * except where told otherwise: a scripted answer for an operation (what a hostile or broken
 * server sends), or a refs listing without some capabilities (what an older server offers). It
 * records the operations it was asked for.
 */
final class ScriptedServer implements AutoCloseable {

  /** An answer to send instead of the endpoint's: status and body. */
  record Answer(int status, byte[] body) {}

  private final HttpServer http;
  private final RemoteEndpoint endpoint;
  private final Map<String, Answer> scripted = new ConcurrentHashMap<>();
  private final List<String> withheld = new CopyOnWriteArrayList<>();
  private final List<String> asked = new CopyOnWriteArrayList<>();

  ScriptedServer(Repository repository) throws IOException {
    this.endpoint = RemoteEndpoint.of(repository, true, RemoteLimits.defaults());
    this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext("/repo/", this::handle);
    http.start();
  }

  /** Answers {@code operation} with {@code answer} from now on. */
  ScriptedServer script(String operation, Answer answer) {
    scripted.put(operation, answer);
    return this;
  }

  /** Leaves {@code capability} out of the refs listing, as a server older than it does. */
  ScriptedServer withhold(String capability) {
    withheld.add(capability);
    return this;
  }

  /** The operations asked for, in order. */
  List<String> asked() {
    return asked;
  }

  Remote remote() {
    return Prolly.remote(URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/repo"));
  }

  /** The answer the real endpoint gives to a request, as bytes. */
  byte[] real(String method, String operation, String capabilities, byte[] body) throws IOException {
    RemoteEndpoint.Reply reply = endpoint.handle(method, operation, header -> switch (header) {
      case RemoteProtocol.VERSION_HEADER -> Integer.toString(RemoteProtocol.VERSION);
      case RemoteProtocol.CAPABILITIES_HEADER -> capabilities;
      default -> null;
    }, new ByteArrayInputStream(body));
    if (reply.status() != 200) {
      throw new IllegalStateException("the endpoint answered " + reply.status());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    reply.writeTo(out);
    return out.toByteArray();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      String operation = path.substring(path.lastIndexOf('/') + 1);
      asked.add(operation);
      byte[] request = exchange.getRequestBody().readAllBytes();
      Answer answer = scripted.get(operation);
      if (answer == null) {
        RemoteEndpoint.Reply reply = endpoint.handle(exchange.getRequestMethod(), operation,
            exchange.getRequestHeaders()::getFirst, new ByteArrayInputStream(request));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        reply.writeTo(body);
        byte[] bytes = body.toByteArray();
        answer = new Answer(reply.status(), operation.equals("refs") && reply.status() == 200 ? listing(bytes) : bytes);
      }
      exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer.body());
      }
    }
  }

  /** The refs listing without the withheld capabilities. */
  private byte[] listing(byte[] real) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(real));
    int version = in.readUnsignedByte();
    List<String> capabilities = new ArrayList<>();
    int count = in.readUnsignedShort();
    for (int i = 0; i < count; i++) {
      byte[] name = new byte[in.readUnsignedByte()];
      in.readFully(name);
      String capability = new String(name, StandardCharsets.US_ASCII);
      if (!withheld.contains(capability)) {
        capabilities.add(capability);
      }
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeByte(version);
    out.writeShort(capabilities.size());
    for (String capability : capabilities) {
      out.writeByte(capability.length());
      out.write(capability.getBytes(StandardCharsets.US_ASCII));
    }
    InputStream rest = in;
    out.write(rest.readAllBytes());
    return bytes.toByteArray();
  }

  @Override
  public void close() {
    http.stop(0);
  }
}

package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prolly.error.RemoteException;
import io.prolly.spi.Hash;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client facing a server from before the {@code shallow} capability: an endpoint that withholds
 * it, carried by the JDK's HTTP server as any HTTP stack may carry {@link RemoteEndpoint}.
 */
class OlderServerTest {

  @RegisterExtension final OpenedResources opened = new OpenedResources();

  /** Serves an endpoint at /repo/OPERATION on a free loopback port; returns its base URI. */
  private URI host(RemoteEndpoint endpoint) throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    http.createContext("/repo/", exchange -> answer(endpoint, exchange));
    http.start();
    opened.add(() -> http.stop(0));
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/repo");
  }

  private static void answer(RemoteEndpoint endpoint, HttpExchange exchange) throws IOException {
    try (exchange; InputStream body = exchange.getRequestBody()) {
      String path = exchange.getRequestURI().getRawPath();
      RemoteEndpoint.Reply reply = endpoint.handle(exchange.getRequestMethod(), path.substring(path.lastIndexOf('/')
          + 1), exchange.getRequestHeaders()::getFirst, body);
      reply.headers().forEach((name, values) -> exchange.getResponseHeaders().put(name, List.copyOf(values)));
      exchange.sendResponseHeaders(reply.status(), 0);
      try (OutputStream out = exchange.getResponseBody()) {
        reply.writeTo(out);
      }
    }
  }

  @Test
  void aPartialCloneFromAServerWithoutShallowIsRefusedNamingItAndAFullCloneWorks() throws Exception {
    Repository origin = opened.memory();
    for (int i = 0; i < 4; i++) {
      RemoteSyncTest.commit(origin, "main", i * 10, 10);
    }
    RemoteEndpoint older = RemoteEndpoint.of(origin, false, RemoteLimits.defaults()).withholding(Set.of("shallow"));
    URI uri = host(older);
    Remote remote = Prolly.remote(uri);
    assertThat(remote.listing().capabilities()).contains("fetch", "push", "watch").doesNotContain("shallow");

    Repository shallow = opened.memory();
    assertThatThrownBy(() -> shallow.transfer().cloneFrom(remote, CloneOptions.depth(2)))
        .isInstanceOf(RemoteException.class).hasMessageContaining("does not offer the 'shallow' capability")
        .hasMessageContaining("clone and fetch without a depth");
    assertThat(shallow.branches()).as("nothing written").isEmpty();
    assertThat(RemoteSyncTest.nodeCount(shallow)).isZero();

    Repository clone = opened.memory();
    clone.transfer().cloneFrom(remote);
    assertThat(clone.branches()).isEqualTo(origin.branches());
    Hash cloned = clone.resolve("main");
    long nodes = RemoteSyncTest.nodeCount(clone);
    RemoteSyncTest.commit(origin, "main", 100, 5);
    assertThatThrownBy(() -> clone.transfer().fetch(remote, "main", 1)).isInstanceOf(RemoteException.class)
        .hasMessageContaining("does not offer the 'shallow' capability");
    assertThat(clone.branches()).as("the refused fetch moved nothing").containsOnlyKeys("main");
    assertThat(clone.resolve("main")).isEqualTo(cloned);
    assertThat(RemoteSyncTest.nodeCount(clone)).isEqualTo(nodes);

    // A client that sends a depth anyway is refused by name, as a server that never heard of it refuses it.
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    DataOutputStream data = new DataOutputStream(body);
    data.writeInt(1);
    data.write(origin.resolve("main").toBytes());
    data.writeInt(0);
    data.writeInt(1);
    HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(uri
        + "/commits")).header("Prolly-Protocol", "1").header("Prolly-Capabilities", "fetch, shallow")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("unknown capability 'shallow'").doesNotContain(", shallow");
    Hash head = origin.resolve("main");
    assertThat(remote.refs()).containsEntry("heads/main", head);
  }
}

package io.prolly.server;

import com.sun.net.httpserver.HttpExchange;
import io.prolly.RemoteEndpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes a request's answer on its exchange, every socket call under the request's clock: a plain
 * text message, or an endpoint's reply. An answer to a request whose body was not read to its end
 * says {@code Connection: close} and reads and drops a bounded rest of the body before it ends
 * (see {@link RequestBody}); the body is the one {@link #bind} gave the current worker thread.
 */
final class Answers {

  /**
   * The most of a refused request's body read and dropped after the answer, so that the
   * connection closes without a reset: more than any request but a push may carry.
   */
  private static final long MAX_DROPPED = 4L << 20;

  /** The body of the request this worker thread answers. */
  private static final ThreadLocal<@Nullable RequestBody> BODY = new ThreadLocal<>();

  private Answers() {}

  /** Makes {@code body} the one this worker thread's answers look at, until {@link #unbind}. */
  static void bind(RequestBody body) {
    BODY.set(body);
  }

  static void unbind() {
    BODY.remove();
  }

  /** Answers {@code status} with a line of text, and the headers given. */
  static void send(HttpExchange exchange, RequestClock clock, int status, String message,
      Map<String, List<String>> headers) throws IOException {
    byte[] bytes = (message + "\n").getBytes(StandardCharsets.UTF_8);
    headers.forEach((name, values) -> exchange.getResponseHeaders().put(name, values));
    exchange.getResponseHeaders().put("Content-Type", List.of("text/plain; charset=utf-8"));
    closeIfUnread(exchange);
    clock.socket(() -> {
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
        out.flush();
        dropUnread(clock);
      }
      return null;
    });
  }

  /** Answers with an endpoint's reply, its body streamed. */
  static void sendReply(HttpExchange exchange, RequestClock clock, RemoteEndpoint.Reply reply) throws IOException {
    reply.headers().forEach((header, values) -> exchange.getResponseHeaders().put(header, List.copyOf(values)));
    closeIfUnread(exchange);
    clock.socket(() -> {
      exchange.sendResponseHeaders(reply.status(), 0);
      return null;
    });
    try (OutputStream out = clock.answer(exchange.getResponseBody())) {
      reply.writeTo(out);
      out.flush();
      dropUnread(clock);
    }
  }

  /**
   * Says {@code Connection: close} when the body of the request this worker answers was refused
   * before it was read to its end. (A wait's late answer, on another thread, came after its body.)
   */
  private static void closeIfUnread(HttpExchange exchange) {
    RequestBody body = BODY.get();
    if (body != null && !body.readWhole()) {
      exchange.getResponseHeaders().set("Connection", "close");
    }
  }

  /**
   * Reads and drops a bounded rest of a refused request's body once its answer is out, before the
   * answer ends: the JDK server closes the connection as the answer ends if the body was not read
   * to its end, and a close with bytes unread resets the connection, which can reach the client
   * before the answer. Through the request's clock, which bounds its time.
   */
  private static void dropUnread(RequestClock clock) throws IOException {
    RequestBody body = BODY.get();
    if (body != null && !body.readWhole()) {
      body.drop(clock.body(body), MAX_DROPPED);
    }
  }
}

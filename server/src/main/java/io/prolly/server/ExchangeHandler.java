package io.prolly.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Runs the exchanges of one server: reads each request's line and headers under the header clock,
 * then admits the request within the server's limits and hands it to the {@link RequestRouter}
 * under the request clock. Refused with 503 (and {@code Retry-After: 1} where waiting helps): a
 * request while the server stops, one beyond its client address's bound, one beyond the requests
 * answered at once. Thread-safe.
 */
final class ExchangeHandler implements HttpHandler {

  /** The request line and headers being read: the header clock of the exchange on this worker thread. */
  private static final ThreadLocal<@Nullable RequestClock> HEADERS = new ThreadLocal<>();

  private final ServerLimits limits;
  private final RequestRouter router;
  private final ScheduledExecutorService timer;
  private final ClientRequests clients;
  private final Semaphore permits;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicInteger running = new AtomicInteger();
  private volatile boolean closing;

  ExchangeHandler(ServerLimits limits, RequestRouter router, ScheduledExecutorService timer) {
    this.limits = limits;
    this.router = router;
    this.timer = timer;
    this.clients = new ClientRequests(limits.maxRequestsPerClient());
    this.permits = new Semaphore(limits.threads());
  }

  /** Requests answered or being answered since the start. */
  long requests() {
    return requests.get();
  }

  /**
   * Answers every request from now on with 503, and the waiting {@code wait} requests too, then
   * returns once no request runs, or after {@code waitMillis}.
   */
  void stop(long waitMillis) {
    closing = true;
    router.close();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
    try {
      while (running.get() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Runs one exchange of the JDK server: reading the request line and headers (and a TLS
   * handshake), which is socket I/O only, under the header clock, then {@link #handle}.
   */
  void readHeaders(Runnable exchange) {
    try (RequestClock headers = new RequestClock(timer, limits.headerTimeout())) {
      HEADERS.set(headers);
      headers.enter();
      exchange.run();
    } finally {
      HEADERS.remove();
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    RequestClock headers = HEADERS.get();
    if (headers != null) {
      try {
        headers.leave();
      } catch (RequestClock.Expired cut) {
        // The headers came as the clock cut the connection: nothing can be answered on it.
        exchange.close();
        return;
      }
    }
    requests.incrementAndGet();
    running.incrementAndGet();
    try {
      answer(exchange);
    } finally {
      running.decrementAndGet();
    }
  }

  private void answer(HttpExchange exchange) {
    boolean answerLater = false;
    InetAddress client = exchange.getRemoteAddress().getAddress();
    boolean admitted = false;
    RequestBody read = new RequestBody(exchange.getRequestBody(), exchange.getRequestHeaders().getFirst(
        "Content-Length"), exchange.getRequestHeaders().getFirst("Transfer-Encoding"));
    Answers.bind(read);
    try (RequestClock clock = new RequestClock(timer, limits.requestTimeout())) {
      try (InputStream body = clock.body(read)) {
        if (closing) {
          Answers.send(exchange, clock, 503, "the server is stopping; try again once it runs again", Map.of());
        } else if (!(admitted = clients.admit(client))) {
          Answers.send(exchange, clock, 503, clients.refusal(), Map.of("Retry-After", List.of("1")));
        } else if (!permits.tryAcquire()) {
          Answers.send(exchange, clock, 503, "the server is answering the " + limits.threads() + " requests it "
              + "answers at once; try again in a moment", Map.of("Retry-After", List.of("1")));
        } else {
          try {
            answerLater = router.route(exchange, clock, body, () -> clients.release(client));
          } finally {
            permits.release();
          }
        }
      } catch (RuntimeException | IOException e) {
        // Headers may be out already: cutting the connection is the only way left to tell the client.
      } finally {
        if (admitted && !answerLater) {
          clients.release(client);
        }
        if (!answerLater) {
          try {
            // Closing drains what is left of the body: a socket call the clock may cut.
            clock.socket(() -> {
              exchange.close();
              return null;
            });
          } catch (IOException e) {
            // Cut: the connection is closed.
          }
        }
      }
    } finally {
      Answers.unbind();
    }
  }
}

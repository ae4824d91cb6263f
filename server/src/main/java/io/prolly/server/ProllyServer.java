package io.prolly.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prolly.RemoteEndpoint;
import io.prolly.Repository;
import io.prolly.spi.support.Arguments;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves repositories over HTTP/1.1 under {@code /NAME/...}, for {@code Prolly.remote("http://host:port/NAME")}
 * on other machines: the protocol of docs/protocol.md, spoken by {@link RemoteEndpoint}.
 *
 * <pre>{@code
 * try (ProllyServer server = ProllyServer.builder().port(8080).serve("main", repository).start()) {
 *   ...   // clients clone, fetch, pull and push http://host:8080/main
 * }
 * }</pre>
 *
 * <p>Runs on the JDK's {@code com.sun.net.httpserver} (module {@code jdk.httpserver}): no
 * dependency, bodies streamed in both directions, a bounded pool of worker threads; TLS would be
 * its {@code HttpsServer}. It serves the repositories it is given and never opens a path from a
 * request. Closing the server does not close the repositories.
 *
 * <p>Thread-safe.
 */
public final class ProllyServer implements AutoCloseable {

  /** {@code /NAME/OPERATION}: names as {@code Remote} accepts them, nothing percent-encoded. */
  private static final Pattern PATH = Pattern.compile("/([A-Za-z0-9][A-Za-z0-9._-]{0,63})/([a-z]{1,16})");

  private final HttpServer http;
  private final ExecutorService workers;
  /** Sends the answers of wait requests, which come after their worker returned. */
  private final ExecutorService replies;
  private final Map<String, RemoteEndpoint> endpoints;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicInteger running = new AtomicInteger();
  private volatile boolean closing;

  /**
   * The JDK server's switch for TCP_NODELAY, read once when its first server is created. Off, each
   * small answer waits for the client's delayed acknowledgement (about 40 ms a request on Linux),
   * which makes a clone of a small repository some 20 times slower; a value set beforehand wins.
   */
  private static final String NODELAY = "sun.net.httpserver.nodelay";

  static {
    if (System.getProperty(NODELAY) == null) {
      System.setProperty(NODELAY, "true");
    }
  }

  private ProllyServer(Builder builder) throws IOException {
    Map<String, RemoteEndpoint> served = new LinkedHashMap<>();
    builder.repositories.forEach((name, repository) ->
        served.put(name, RemoteEndpoint.of(repository, builder.readOnly, builder.maxPushBytes)));
    this.endpoints = Map.copyOf(served);
    this.http = HttpServer.create(new InetSocketAddress(builder.address, builder.port), 64);
    this.workers = Executors.newFixedThreadPool(builder.threads, runnable -> {
      Thread thread = new Thread(runnable, "prolly-server");
      thread.setDaemon(true);
      return thread;
    });
    this.replies = Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "prolly-server-replies");
      thread.setDaemon(true);
      return thread;
    });
    http.setExecutor(workers);
    http.createContext("/", this::handle);
    http.start();
  }

  /**
   * Starts configuring a server.
   *
   * @return a builder: port 8080 on every address, 8 threads, writable, pushes up to 1 GiB
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the port the server listens on: the one configured, or the one the system chose for 0.
   *
   * @return the port
   */
  public int port() {
    return http.getAddress().getPort();
  }

  /**
   * Returns how many requests the server has answered or is answering: a way to count round trips.
   *
   * @return requests since start
   */
  public long requests() {
    return requests.get();
  }

  /**
   * Stops accepting requests, answers waiting {@code wait} requests with 503, lets the requests
   * running finish for up to a second, and stops.
   */
  @Override
  public void close() {
    closing = true;
    endpoints.values().forEach(RemoteEndpoint::close);
    // The JDK 17 server's stop(1) waits the whole second even when idle; waiting here ends as soon as nothing runs.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    try {
      while (running.get() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    http.stop(0);
    workers.shutdownNow();
    replies.shutdown();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    running.incrementAndGet();
    try {
      answer(exchange);
    } finally {
      running.decrementAndGet();
    }
  }

  private void answer(HttpExchange exchange) throws IOException {
    boolean answerLater = false;
    try (InputStream body = exchange.getRequestBody()) {
      if (closing) {
        send(exchange, 503, "the server is stopping; try again once it runs again");
        return;
      }
      String path = exchange.getRequestURI().getRawPath();
      Matcher matcher = PATH.matcher(path == null ? "" : path);
      if (!matcher.matches()) {
        send(exchange, 400, "'" + path + "' is not /NAME/OPERATION with NAME of letters, digits, '.', '_' and '-' "
            + "(not starting with '.'), such as /main/refs");
        return;
      }
      RemoteEndpoint endpoint = endpoints.get(matcher.group(1));
      if (endpoint == null) {
        send(exchange, 404, "this server serves no repository named '" + matcher.group(1) + "'");
        return;
      }
      CompletableFuture<RemoteEndpoint.Reply> reply = endpoint.handleAsync(exchange.getRequestMethod(),
          matcher.group(2), exchange.getRequestHeaders()::getFirst, body);
      if (reply.isDone()) {
        sendReply(exchange, reply.join());
      } else {
        // A wait: the answer comes when the branch moves; meanwhile no worker thread is held.
        answerLater = true;
        reply.whenCompleteAsync((later, failure) -> {
          try (exchange) {
            sendReply(exchange, later);
          } catch (RuntimeException | IOException e) {
            exchange.close();
          }
        }, replies);
      }
    } catch (RuntimeException | IOException e) {
      // Headers may be out already: cutting the connection is the only way left to tell the client.
      exchange.close();
    } finally {
      if (!answerLater) {
        exchange.close();
      }
    }
  }

  private static void sendReply(HttpExchange exchange, RemoteEndpoint.Reply reply) throws IOException {
    reply.headers().forEach((name, values) -> exchange.getResponseHeaders().put(name, List.copyOf(values)));
    exchange.sendResponseHeaders(reply.status(), 0);
    try (OutputStream out = exchange.getResponseBody()) {
      reply.writeTo(out);
    }
  }

  private static void send(HttpExchange exchange, int status, String message) throws IOException {
    byte[] bytes = (message + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().put("Content-Type", List.of("text/plain; charset=utf-8"));
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Configures a {@link ProllyServer}. Not thread-safe. */
  public static final class Builder {

    private final Map<String, Repository> repositories = new LinkedHashMap<>();
    private InetAddress address = new InetSocketAddress(0).getAddress();
    private int port = 8080;
    private int threads = 8;
    private boolean readOnly;
    private long maxPushBytes = 1L << 30;

    private Builder() {}

    /**
     * Serves a repository under a name: clients reach it at {@code http://host:port/NAME}.
     *
     * @param name letters, digits, '.', '_' and '-', at most 64, not starting with '.'
     * @param repository the repository; pushes go through it, so its validators judge them
     * @return this builder
     * @throws IllegalArgumentException if an argument is null, the name is not allowed, or taken
     */
    public Builder serve(String name, Repository repository) {
      Arguments.notNull(name, "name");
      Arguments.notNull(repository, "repository");
      Arguments.check(name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}"), "repository name '" + name + "' is not "
          + "allowed; use letters, digits, '.', '_' and '-', at most 64, not starting with '.'");
      Arguments.check(!repositories.containsKey(name), "a repository is already served as '" + name + "'");
      repositories.put(name, repository);
      return this;
    }

    /**
     * Sets the port; 0 lets the system choose one (see {@link ProllyServer#port()}).
     *
     * @param port 0 to 65535
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder port(int port) {
      Arguments.check(port >= 0 && port <= 65535, "port " + port + " is not 0 to 65535");
      this.port = port;
      return this;
    }

    /**
     * Listens on one address only, such as the loopback address.
     *
     * @param address the address
     * @return this builder
     * @throws IllegalArgumentException if {@code address} is null
     */
    public Builder address(InetAddress address) {
      this.address = Arguments.notNull(address, "address");
      return this;
    }

    /**
     * Sets how many requests run at once; more wait for a thread.
     *
     * @param threads 1 to 1024
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder threads(int threads) {
      Arguments.check(threads >= 1 && threads <= 1024, "threads " + threads + " is not 1 to 1024");
      this.threads = threads;
      return this;
    }

    /**
     * Refuses every push (403) when set.
     *
     * @param readOnly whether the repositories are served read-only
     * @return this builder
     */
    public Builder readOnly(boolean readOnly) {
      this.readOnly = readOnly;
      return this;
    }

    /**
     * Sets the largest push body accepted; larger pushes are refused with 413 once the limit is
     * read, keeping the nodes received whole.
     *
     * @param bytes at least 1024
     * @return this builder
     * @throws IllegalArgumentException if below 1024
     */
    public Builder maxPushBytes(long bytes) {
      Arguments.check(bytes >= 1024, "maxPushBytes " + bytes + " is below 1024");
      this.maxPushBytes = bytes;
      return this;
    }

    /**
     * Starts the server.
     *
     * @return the running server, to close when done
     * @throws IllegalArgumentException if no repository is served
     * @throws UncheckedIOException if the port cannot be bound
     */
    public ProllyServer start() {
      Arguments.check(!repositories.isEmpty(), "no repository to serve; add one with serve(name, repository)");
      try {
        return new ProllyServer(this);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen on " + address + ":" + port + ": " + e.getMessage(), e);
      }
    }
  }
}

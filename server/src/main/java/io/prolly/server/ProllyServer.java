package io.prolly.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.prolly.RemoteEndpoint;
import io.prolly.RemoteLimits;
import io.prolly.Repository;
import io.prolly.spi.support.Arguments;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

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
 * dependency, bodies streamed in both directions, a bounded pool of worker threads, TLS with its
 * {@code HttpsServer} ({@link Builder#tls}). It serves the repositories it is given and never
 * opens a path from a request. Closing the server does not close the repositories.
 *
 * <p>Security (docs/protocol.md, "Security"): bearer tokens, stored as their SHA-256 only, grant
 * {@link Access#READ} or {@link Access#READ_WRITE} per repository ({@link Builder#token},
 * {@link Builder#tokens}); a request without one gets {@link Builder#anonymous}'s access. A
 * missing or unknown token is answered 401 with {@code WWW-Authenticate: Bearer}, a token of the
 * wrong scope 403. Limits bound every request: body size and batch, node and ref name sizes and
 * waiting requests ({@link Builder#limits}), requests at once ({@link Builder#threads}, 503
 * beyond), requests of one client address ({@link Builder#maxRequestsPerClient}, 503 beyond), the
 * time to send the request line and headers ({@link Builder#headerTimeout}, a cut connection
 * beyond) and the time of the rest ({@link Builder#requestTimeout}, 408 or a cut connection
 * beyond). Open connections are bounded by the JDK server's {@value #MAX_CONNECTIONS_PROPERTY}
 * system property, which this class sets to {@value #DEFAULT_MAX_CONNECTIONS} unless it is set
 * already (see {@link #MAX_CONNECTIONS_PROPERTY}). No token appears in a message.
 *
 * <p>Thread-safe.
 */
public final class ProllyServer implements AutoCloseable {

  /** {@code /NAME/OPERATION}: names as {@code Remote} accepts them, nothing percent-encoded. */
  private static final Pattern PATH = Pattern.compile("/([A-Za-z0-9][A-Za-z0-9._-]{0,63})/([a-z]{1,16})");
  /** The longest request path read at all: {@code /NAME/OPERATION} with room to spare. */
  static final int MAX_PATH = 128;
  /** Workers beyond {@link Builder#threads} that only answer 503 while every permit is taken. */
  private static final int REFUSING_WORKERS = 2;

  /**
   * The JDK server's bound on open connections, a system property it reads once, when its first
   * server in the process is created; beyond it, a new connection is closed as soon as it is
   * accepted. Loading this class sets it to {@link #DEFAULT_MAX_CONNECTIONS} unless it is set
   * already; to choose another bound, set it before the first {@code HttpServer} of the process
   * ({@code -Djdk.httpserver.maxConnections=N} or {@code System.setProperty}, as
   * {@code prolly serve --max-connections} does). It bounds every {@code HttpServer} of the process.
   */
  public static final String MAX_CONNECTIONS_PROPERTY = "jdk.httpserver.maxConnections";

  /**
   * The bound on open connections this class sets unless {@link #MAX_CONNECTIONS_PROPERTY} is
   * set: room for every default {@link RemoteLimits#maxWaiting()} of a few repositories, and more.
   */
  public static final int DEFAULT_MAX_CONNECTIONS = 4096;

  /** The request line and headers being read: the header clock of the exchange on this worker thread. */
  private static final ThreadLocal<@Nullable RequestClock> HEADERS = new ThreadLocal<>();

  /**
   * The most of a refused request's body read and dropped after the answer, so that the
   * connection closes without a reset: more than any request but a push may carry.
   */
  private static final long MAX_DROPPED = 4L << 20;

  /** The body of the request this worker thread answers. */
  private static final ThreadLocal<@Nullable RequestBody> BODY = new ThreadLocal<>();

  private final HttpServer http;
  private final ExecutorService workers;
  private final ScheduledThreadPoolExecutor timer;
  /** Sends the answers of wait requests, which come after their worker returned. */
  private final ExecutorService replies;
  /** By name: the endpoints that take pushes (the read-only ones on a read-only server). */
  private final Map<String, RemoteEndpoint> endpoints;
  /** By name: the read-only endpoints, for clients that may only read. */
  private final Map<String, RemoteEndpoint> readers;
  private final AccessPolicy policy;
  private final boolean readOnly;
  private final Semaphore permits;
  private final int threads;
  private final Duration requestTimeout;
  private final Duration headerTimeout;
  private final int maxRequestsPerClient;
  /** Requests open per client address, waiting ones included; only with {@link Builder#maxRequestsPerClient}. */
  private final Map<InetAddress, Integer> perClient = new ConcurrentHashMap<>();
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
    if (System.getProperty(MAX_CONNECTIONS_PROPERTY) == null) {
      System.setProperty(MAX_CONNECTIONS_PROPERTY, Integer.toString(DEFAULT_MAX_CONNECTIONS));
    }
  }

  private ProllyServer(Builder builder, @Nullable SSLContext tls) throws IOException {
    Map<String, RemoteEndpoint> served = new LinkedHashMap<>();
    Map<String, RemoteEndpoint> read = new LinkedHashMap<>();
    builder.repositories.forEach((name, repository) -> {
      // One endpoint and its read-only view: both answer the same waits, through one watch per branch.
      RemoteEndpoint endpoint = RemoteEndpoint.of(repository, builder.readOnly, builder.limits);
      served.put(name, endpoint);
      read.put(name, endpoint.readOnlyView());
    });
    this.endpoints = Map.copyOf(served);
    this.readers = Map.copyOf(read);
    Access anonymous = builder.anonymous != null ? builder.anonymous
        : builder.grants.isEmpty() ? Access.READ_WRITE : Access.NONE;
    this.policy = new AccessPolicy(builder.grants, anonymous);
    this.readOnly = builder.readOnly;
    this.threads = builder.threads;
    this.permits = new Semaphore(builder.threads);
    this.requestTimeout = builder.requestTimeout;
    this.headerTimeout = builder.headerTimeout;
    this.maxRequestsPerClient = builder.maxRequestsPerClient;
    this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "prolly-server-clock");
      thread.setDaemon(true);
      return thread;
    });
    timer.setRemoveOnCancelPolicy(true);
    // As many threads as workers: a flood of waits answered at once queues here instead of starting a thread each.
    ThreadPoolExecutor replying = new ThreadPoolExecutor(builder.threads, builder.threads, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), runnable -> {
          Thread thread = new Thread(runnable, "prolly-server-replies");
          thread.setDaemon(true);
          return thread;
        });
    replying.allowCoreThreadTimeOut(true);
    this.replies = replying;
    InetSocketAddress bound = new InetSocketAddress(builder.address, builder.port);
    if (tls != null) {
      HttpsServer https = HttpsServer.create(bound, 64);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      this.http = https;
    } else {
      this.http = HttpServer.create(bound, 64);
    }
    this.workers = Executors.newFixedThreadPool(builder.threads + REFUSING_WORKERS, runnable -> {
      Thread thread = new Thread(runnable, "prolly-server");
      thread.setDaemon(true);
      return thread;
    });
    // The JDK server reads a request's line and headers on the worker before calling the handler:
    // the header clock cuts a client that sends them too slowly, which would hold the worker for ever.
    http.setExecutor(exchange -> workers.execute(() -> readHeaders(exchange)));
    http.createContext("/", this::handle);
    http.start();
  }

  /**
   * Starts configuring a server.
   *
   * @return a builder: port 8080 on every address, plain HTTP, 8 requests at once, no bound per
   *     client address, writable, no tokens (so every client may read and push),
   *     {@link RemoteLimits#defaults()}, 30 seconds for the headers and 10 minutes for the rest of
   *     a request
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the hash under which a server knows a token: the SHA-256 of its UTF-8 bytes, in
   * lowercase hexadecimal, as {@code printf %s "$TOKEN" | sha256sum} prints it. Give the hash, not
   * the token, to {@link Builder#token} and in token files.
   *
   * @param token the token
   * @return 64 hexadecimal digits
   * @throws IllegalArgumentException if {@code token} is null or empty
   */
  public static String tokenHash(String token) {
    Arguments.notNull(token, "token");
    Arguments.check(!token.isEmpty(), "the token is empty");
    return HexFormat.of().formatHex(AccessPolicy.sha256(token.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Returns whether the server speaks HTTPS.
   *
   * @return true if it was started with {@link Builder#tls}
   */
  public boolean secure() {
    return http instanceof HttpsServer;
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
   * running finish for up to a second, then cuts the connections and returns once every request
   * has ended (waiting at most 30 seconds more), so that nothing a request writes comes after.
   */
  @Override
  public void close() {
    closing = true;
    endpoints.values().forEach(RemoteEndpoint::close);
    readers.values().forEach(RemoteEndpoint::close);
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
    // Never interrupt a worker: an interrupt during a read closes a file store's channel for good, and the
    // repositories outlive the server. Stopping closed the connections, so a worker blocked on one ends soon.
    workers.shutdown();
    replies.shutdown();
    try {
      workers.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timer.shutdownNow();
  }

  /**
   * Runs one exchange of the JDK server: reading the request line and headers (and a TLS
   * handshake), which is socket I/O only, under the header clock, then {@link #handle}.
   */
  private void readHeaders(Runnable exchange) {
    try (RequestClock headers = new RequestClock(timer, headerTimeout)) {
      HEADERS.set(headers);
      headers.enter();
      exchange.run();
    } finally {
      HEADERS.remove();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
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
    BODY.set(read);
    try (RequestClock clock = new RequestClock(timer, requestTimeout)) {
      try (InputStream body = clock.body(read)) {
        if (closing) {
          send(exchange, clock, 503, "the server is stopping; try again once it runs again", Map.of());
        } else if (!(admitted = admit(client))) {
          send(exchange, clock, 503, "this client already has the " + maxRequestsPerClient + " requests open here "
              + "that the server allows one address (waiting ones included); try again in a moment",
              Map.of("Retry-After", List.of("1")));
        } else if (!permits.tryAcquire()) {
          send(exchange, clock, 503, "the server is answering the " + threads + " requests it answers at once; try "
              + "again in a moment", Map.of("Retry-After", List.of("1")));
        } else {
          try {
            answerLater = route(exchange, clock, body, client);
          } finally {
            permits.release();
          }
        }
      } catch (RuntimeException | IOException e) {
        // Headers may be out already: cutting the connection is the only way left to tell the client.
      } finally {
        if (admitted && !answerLater) {
          release(client);
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
      BODY.remove();
    }
  }

  /** Counts a request of a client address in, unless it has as many open as it may. */
  private boolean admit(InetAddress client) {
    if (maxRequestsPerClient == Builder.UNLIMITED) {
      return true;
    }
    boolean[] admitted = {false};
    perClient.compute(client, (address, open) -> {
      int count = open == null ? 0 : open;
      admitted[0] = count < maxRequestsPerClient;
      return admitted[0] ? count + 1 : open;
    });
    return admitted[0];
  }

  /** Counts a request of a client address out, once answered. */
  private void release(InetAddress client) {
    if (maxRequestsPerClient != Builder.UNLIMITED) {
      perClient.computeIfPresent(client, (address, open) -> open <= 1 ? null : open - 1);
    }
  }

  /**
   * Answers a request, or returns true if its answer comes later (a wait), when it closes the
   * exchange itself and counts the client's request out.
   */
  private boolean route(HttpExchange exchange, RequestClock clock, InputStream body, InetAddress client)
      throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    if (path != null && path.length() > MAX_PATH) {
      send(exchange, clock, 414, "the request path has " + path.length() + " characters; paths are /NAME/OPERATION "
          + "of at most " + MAX_PATH, Map.of());
      return false;
    }
    Matcher matcher = PATH.matcher(path == null ? "" : path);
    if (!matcher.matches()) {
      send(exchange, clock, 400, "'" + printable(path) + "' is not /NAME/OPERATION with NAME of letters, digits, '.', "
          + "'_' and '-' (not starting with '.'), such as /main/refs", Map.of());
      return false;
    }
    String name = matcher.group(1);
    String operation = matcher.group(2);
    AccessPolicy.Decision decision;
    try {
      decision = policy.decide(exchange.getRequestHeaders().getFirst("Authorization"), name);
    } catch (AccessPolicy.Refusal refusal) {
      send(exchange, clock, refusal.status, refusal.getMessage(), challenge(refusal.status));
      return false;
    }
    RemoteEndpoint endpoint = (decision.access() == Access.READ_WRITE ? endpoints : readers).get(name);
    if (endpoint == null) {
      send(exchange, clock, 404, "this server serves no repository named '" + name + "'", Map.of());
      return false;
    }
    if (!readOnly && decision.access() != Access.READ_WRITE && asksToPush(exchange, operation)) {
      if (decision.token() == null) {
        send(exchange, clock, 401, "pushing to '" + name + "' needs a read-write token; clients without one may only "
            + "read. Send Authorization: Bearer TOKEN (prolly: PROLLY_TOKEN or --token-file)", challenge(401));
      } else {
        send(exchange, clock, 403, "token '" + decision.token() + "' may read '" + name + "' but not push to it; ask "
            + "the server's operator for a read-write token", Map.of());
      }
      return false;
    }
    CompletableFuture<RemoteEndpoint.Reply> answer = endpoint.handleAsync(exchange.getRequestMethod(), operation,
        exchange.getRequestHeaders()::getFirst, body);
    if (!answer.isDone()) {
      // A wait: the answer comes when the branch moves; meanwhile no worker thread or permit is held.
      answer.whenCompleteAsync((later, failure) -> {
        try (exchange; RequestClock late = new RequestClock(timer, requestTimeout)) {
          if (later != null) {
            sendReply(exchange, late, later);
          }
        } catch (RuntimeException | IOException e) {
          // Cut: the connection is closed.
        } finally {
          release(client);
        }
      }, replies);
      return true;
    }
    RemoteEndpoint.Reply reply = answer.join();
    if (clock.expired() && reply.status() == 400) {
      // The body stopped short because the clock ran out, not because the client sent too little.
      send(exchange, clock, 408, clock.message(), Map.of());
      return false;
    }
    sendReply(exchange, clock, reply);
    return false;
  }

  private static void sendReply(HttpExchange exchange, RequestClock clock, RemoteEndpoint.Reply reply)
      throws IOException {
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

  private static boolean asksToPush(HttpExchange exchange, String operation) {
    String capabilities = exchange.getRequestHeaders().getFirst("Prolly-Capabilities");
    return operation.equals("push")
        || capabilities != null && Arrays.asList(capabilities.strip().split("[,\\s]+")).contains("push");
  }

  private static Map<String, List<String>> challenge(int status) {
    return status == 401 ? Map.of("WWW-Authenticate", List.of("Bearer realm=\"prolly\"")) : Map.of();
  }

  /** A path fit to quote: at most 64 characters, controls shown as '?'. */
  private static String printable(@Nullable String value) {
    String shown = value == null ? "" : value.length() > 64 ? value.substring(0, 64) + "..." : value;
    return shown.replaceAll("\\p{Cntrl}", "?");
  }

  private static void send(HttpExchange exchange, RequestClock clock, int status, String message,
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

  /** Configures a {@link ProllyServer}. Not thread-safe. */
  public static final class Builder {

    /** {@link #maxRequestsPerClient} unset: no bound per address. */
    private static final int UNLIMITED = 0;

    private final Map<String, Repository> repositories = new LinkedHashMap<>();
    private InetAddress address = new InetSocketAddress(0).getAddress();
    private int port = 8080;
    private int threads = 8;
    private boolean readOnly;
    private RemoteLimits limits = RemoteLimits.defaults();
    private final List<AccessPolicy.Grant> grants = new ArrayList<>();
    private @Nullable Access anonymous;
    private Duration requestTimeout = Duration.ofMinutes(10);
    private Duration headerTimeout = Duration.ofSeconds(30);
    private int maxRequestsPerClient = UNLIMITED;
    private @Nullable Path keystore;
    private char @Nullable [] keystorePassword;

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
     * Sets how many requests run at once; more are refused with 503 and {@code Retry-After: 1}
     * (a few spare threads answer them), so that a flood of clients cannot queue unbounded work.
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
      this.limits = limits.withMaxPushBytes(bytes);
      return this;
    }

    /**
     * Sets every per-request limit at once: push body, batch, node and ref name sizes, and the
     * requests that may wait on one repository.
     *
     * @param limits the limits, such as {@code RemoteLimits.defaults().withMaxBatch(8192)}
     * @return this builder
     * @throws IllegalArgumentException if {@code limits} is null
     */
    public Builder limits(RemoteLimits limits) {
      this.limits = Arguments.notNull(limits, "limits");
      return this;
    }

    /**
     * Sets the time one request may take, body and answer together. A body that trickles past it
     * is answered 408; a connection still blocked a moment later (at most 5 s) is cut.
     *
     * @param timeout 100 ms to 24 hours
     * @return this builder
     * @throws IllegalArgumentException if null or out of range
     */
    public Builder requestTimeout(Duration timeout) {
      Arguments.notNull(timeout, "timeout");
      Arguments.check(timeout.toMillis() >= 100 && timeout.compareTo(Duration.ofHours(24)) <= 0, "request timeout "
          + timeout + " is not 100 ms to 24 hours");
      this.requestTimeout = timeout;
      return this;
    }

    /**
     * Sets the time a client has to send a request's line and headers (and, over TLS, its
     * handshake), counted from its first byte. The JDK server reads them on a worker thread before
     * Prolly sees the request, so a client that trickles them (slowloris) would hold a worker for
     * ever; past this time the connection is cut (at most 5 s later), without an answer. A
     * connection that sends nothing holds no worker; the JDK server closes it after its idle time
     * ({@code sun.net.httpserver.idleInterval}, 30 s by default).
     *
     * @param timeout 100 ms to 1 hour
     * @return this builder
     * @throws IllegalArgumentException if null or out of range
     */
    public Builder headerTimeout(Duration timeout) {
      Arguments.notNull(timeout, "timeout");
      Arguments.check(timeout.toMillis() >= 100 && timeout.compareTo(Duration.ofHours(1)) <= 0, "header timeout "
          + timeout + " is not 100 ms to 1 hour");
      this.headerTimeout = timeout;
      return this;
    }

    /**
     * Bounds the requests one client address may have open at once, {@code wait} requests
     * included; more are answered 503 with {@code Retry-After: 1}, so that one client cannot take
     * every thread or every wait. By default there is no such bound. Do not set it behind a
     * reverse proxy, where every request comes from the proxy's address: bound clients in the
     * proxy instead (nginx {@code limit_conn}).
     *
     * @param requests 1 to 65536
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxRequestsPerClient(int requests) {
      Arguments.check(requests >= 1 && requests <= 65536, "maxRequestsPerClient " + requests + " is not 1 to 65536");
      this.maxRequestsPerClient = requests;
      return this;
    }

    /**
     * Grants a bearer token access to the repositories a glob matches. The server keeps only the
     * hash: compute it with {@link ProllyServer#tokenHash}. Once any token is granted, clients
     * without one get {@link Access#NONE} unless {@link #anonymous} says otherwise. Grants of
     * the same token add up: each repository gets the widest access a matching grant gives.
     *
     * @param name what the token is called in messages (never the token): letters, digits, '.',
     *     '_', '@' and '-', at most 64
     * @param access {@link Access#READ} or {@link Access#READ_WRITE}
     * @param repositories a repository name, or a glob of one: '*' any characters, '?' one
     * @param sha256Hex the SHA-256 of the token, 64 hexadecimal digits
     * @return this builder
     * @throws IllegalArgumentException if an argument is null or malformed, saying which
     */
    public Builder token(String name, Access access, String repositories, String sha256Hex) {
      grants.add(AccessPolicy.grant(name, access, repositories, sha256Hex));
      return this;
    }

    /**
     * Grants the tokens of a file, one a line: {@code NAME SCOPE REPOSITORIES SHA256} with scope
     * {@code read} or {@code read-write}, as {@link #token} takes them; blank lines and lines
     * starting with '#' are skipped. Keep the file readable by the server's user only: it holds
     * hashes, not tokens, yet tells which tokens exist.
     *
     * @param file the token file
     * @return this builder
     * @throws IllegalArgumentException if the file is null or a line is malformed, naming the line
     * @throws UncheckedIOException if the file cannot be read
     */
    public Builder tokens(Path file) {
      Arguments.notNull(file, "file");
      grants.addAll(AccessPolicy.read(file));
      return this;
    }

    /**
     * Sets what clients without a token may do. By default: everything when no token is granted
     * (a trusted network), nothing once one is.
     *
     * @param access {@link Access#NONE}, {@link Access#READ} or {@link Access#READ_WRITE}
     * @return this builder
     * @throws IllegalArgumentException if {@code access} is null
     */
    public Builder anonymous(Access access) {
      this.anonymous = Arguments.notNull(access, "access");
      return this;
    }

    /**
     * Serves HTTPS with the key and certificate of a PKCS#12 keystore (such as {@code keytool
     * -genkeypair -storetype PKCS12} makes), whose key has the keystore's password. The keystore
     * is read by {@link #start()}.
     *
     * @param keystore the keystore file
     * @param password its password; copied, so the caller may clear its array
     * @return this builder
     * @throws IllegalArgumentException if an argument is null
     */
    public Builder tls(Path keystore, char[] password) {
      this.keystore = Arguments.notNull(keystore, "keystore");
      this.keystorePassword = Arguments.notNull(password, "password").clone();
      return this;
    }

    /**
     * Starts the server.
     *
     * @return the running server, to close when done
     * @throws IllegalArgumentException if no repository is served, or the TLS keystore cannot be used
     * @throws UncheckedIOException if the port cannot be bound or the keystore read
     */
    public ProllyServer start() {
      Arguments.check(!repositories.isEmpty(), "no repository to serve; add one with serve(name, repository)");
      SSLContext tls = keystore == null ? null : ServerTls.context(keystore, keystorePassword);
      try {
        return new ProllyServer(this, tls);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen on " + address + ":" + port + ": " + e.getMessage(), e);
      }
    }
  }
}

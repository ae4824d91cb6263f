package io.prolly.server;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.prolly.RemoteEndpoint;
import io.prolly.RemoteLimits;
import io.prolly.Repository;
import io.prolly.spi.support.Arguments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  private final HttpServer http;
  private final ServerThreads threads;
  private final ExchangeHandler handler;

  private ProllyServer(Builder builder, @Nullable SSLContext tls) throws IOException {
    Access anonymous = builder.anonymous != null ? builder.anonymous
        : builder.grants.isEmpty() ? Access.READ_WRITE : Access.NONE;
    ServerLimits limits = builder.limits;
    this.threads = new ServerThreads(limits.threads());
    RequestRouter router = new RequestRouter(builder.repositories, builder.readOnly, limits.remote(),
        new AccessPolicy(builder.grants, anonymous), threads.timer, limits.requestTimeout(), threads.replies);
    this.handler = new ExchangeHandler(limits, router, threads.timer);
    InetSocketAddress bound = new InetSocketAddress(builder.address, builder.port);
    if (tls != null) {
      HttpsServer https = HttpsServer.create(bound, 64);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      this.http = https;
    } else {
      this.http = HttpServer.create(bound, 64);
    }
    // The JDK server reads a request's line and headers on the worker before calling the handler:
    // the header clock cuts a client that sends them too slowly, which would hold the worker for ever.
    http.setExecutor(exchange -> threads.workers.execute(() -> handler.readHeaders(exchange)));
    http.createContext("/", handler);
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
    return handler.requests();
  }

  /**
   * Stops accepting requests, answers waiting {@code wait} requests with 503, lets the requests
   * running finish for up to a second, then cuts the connections and returns once every request
   * has ended (waiting at most 30 seconds more), so that nothing a request writes comes after.
   */
  @Override
  public void close() {
    // The JDK 17 server's stop(1) waits the whole second even when idle; waiting here ends as soon as nothing runs.
    handler.stop(1000);
    http.stop(0);
    // Stopping closed the connections, so a worker blocked on one ends soon.
    threads.shutdown();
  }

  /** Configures a {@link ProllyServer}. Not thread-safe. */
  public static final class Builder {

    private final Map<String, Repository> repositories = new LinkedHashMap<>();
    private InetAddress address = new InetSocketAddress(0).getAddress();
    private int port = 8080;
    private boolean readOnly;
    private ServerLimits limits = ServerLimits.defaults();
    private final List<AccessPolicy.Grant> grants = new ArrayList<>();
    private @Nullable Access anonymous;
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
      this.limits = limits.withThreads(threads);
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
      this.limits = this.limits.withRemote(limits);
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
      this.limits = limits.withRequestTimeout(timeout);
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
      this.limits = limits.withHeaderTimeout(timeout);
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
      this.limits = limits.withMaxRequestsPerClient(requests);
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

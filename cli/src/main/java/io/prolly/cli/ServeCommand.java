package io.prolly.cli;

import io.prolly.RemoteLimits;
import io.prolly.Repository;
import io.prolly.server.Access;
import io.prolly.server.ProllyServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code prolly serve REPO...}: serves repositories over HTTP for {@code clone}, {@code fetch},
 * {@code pull} and {@code push} by URL from other machines, until interrupted. A shutdown hook
 * stops the server and closes the repositories on Ctrl-C or SIGTERM.
 */
@Command(name = "serve", description = {"Serves repositories over HTTP (or HTTPS with --tls-keystore), each at "
    + "http://ADDRESS:PORT/NAME, for clone, fetch, pull and push by URL, until interrupted (Ctrl-C, SIGTERM).",
    "Pushes are judged by --validator and --require-signed. Without --tokens every client may read and push: "
    + "serve so on a trusted network only. With --tokens, clients present a bearer token (--token-file or "
    + "PROLLY_TOKEN) of read or read-write scope; see docs/protocol.md, Security. (--repo is not used.)"})
final class ServeCommand extends CliCommand {

  /** The environment variable holding the keystore's password when no --tls-password-file is given. */
  static final String TLS_PASSWORD = "PROLLY_TLS_PASSWORD";

  /** A repository name in a URL, as the server accepts it. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  @Parameters(arity = "1..*", paramLabel = "[NAME=]REPO", description = "A repository to serve: a store URI or "
      + "path, served under NAME, by default its last path segment without extension (data/app.prolly is 'app').")
  List<String> served = new ArrayList<>();

  @Option(names = "--port", paramLabel = "PORT", description = "The port; 0 picks a free one. Default: 8080.")
  int port = 8080;

  @Option(names = "--address", paramLabel = "ADDRESS", description = "The address to listen on; 0.0.0.0 for "
      + "every one. Default: 127.0.0.1, this machine only.")
  String address = "127.0.0.1";

  @Option(names = "--read-only", description = "Refuse every push.")
  boolean readOnly;

  @Option(names = "--threads", paramLabel = "N", description = "Requests answered at once; more are answered 503. "
      + "Default: 8.")
  int threads = 8;

  @Option(names = "--tokens", paramLabel = "FILE", description = "Grant the bearer tokens of FILE, one a line: NAME "
      + "SCOPE REPOSITORIES SHA256 (scope read or read-write; repositories a name or a glob such as *; the SHA-256 "
      + "of the token in hex, as 'printf %%s TOKEN | sha256sum' prints). Clients without a token then get "
      + "--anonymous.")
  @Nullable Path tokens;

  @Option(names = "--anonymous", paramLabel = "ACCESS", description = "What clients without a token may do: none, "
      + "read or read-write. Default: read-write without --tokens, none with.")
  @Nullable String anonymous;

  @Option(names = "--tls-keystore", paramLabel = "FILE", description = "Serve HTTPS with the key and certificate of "
      + "this PKCS#12 keystore (keytool -genkeypair -storetype PKCS12). Its password comes from --tls-password-file "
      + "or the environment variable " + TLS_PASSWORD + ".")
  @Nullable Path keystore;

  @Option(names = "--tls-password-file", paramLabel = "FILE", description = "The keystore's password: the first "
      + "line of FILE.")
  @Nullable Path keystorePasswordFile;

  @Option(names = "--max-push-bytes", paramLabel = "BYTES", description = "The largest push body; larger ones are "
      + "answered 413. Default: 1073741824 (1 GiB).")
  long maxPushBytes = RemoteLimits.defaults().maxPushBytes();

  @Option(names = "--max-batch", paramLabel = "IDS", description = "The most ids of one request, 4096 to 65536. "
      + "Default: 65536.")
  int maxBatch = RemoteLimits.defaults().maxBatch();

  @Option(names = "--max-node-bytes", paramLabel = "BYTES", description = "The largest node a push may carry, 65536 "
      + "to 16777216. Default: 16777216.")
  int maxNodeBytes = RemoteLimits.defaults().maxNodeBytes();

  @Option(names = "--max-ref-name-bytes", paramLabel = "BYTES", description = "The longest ref name a push may "
      + "carry, 64 to 1024. Default: 1024.")
  int maxRefNameBytes = RemoteLimits.defaults().maxRefNameBytes();

  @Option(names = "--request-timeout", paramLabel = "SECONDS", description = "The time one request may take; a "
      + "slower one is answered 408 or cut. Default: 600.")
  int requestTimeout = 600;

  @Option(names = "--header-timeout", paramLabel = "SECONDS", description = "The time a client has to send a "
      + "request's line and headers; a slower one is cut. Default: 30.")
  int headerTimeout = 30;

  @Option(names = "--max-waiting", paramLabel = "N", description = "The most watch requests (wait) waiting on one "
      + "repository at once, 1 to 65536; more are answered 503. Default: 1024.")
  int maxWaiting = RemoteLimits.defaults().maxWaiting();

  @Option(names = "--max-requests-per-client", paramLabel = "N", description = "The most requests one client "
      + "address may have open at once, waiting ones included; more are answered 503. Not behind a reverse proxy, "
      + "where every request comes from the proxy. Default: 0, no bound.")
  int maxRequestsPerClient;

  @Option(names = "--max-connections", paramLabel = "N", description = "The most open connections; a new one "
      + "beyond is closed at once. Default: " + ProllyServer.DEFAULT_MAX_CONNECTIONS + " (or the system property "
      + ProllyServer.MAX_CONNECTIONS_PROPERTY + ").")
  @Nullable Integer maxConnections;

  private final CountDownLatch stopped = new CountDownLatch(1);
  private final List<Repository> opened = new ArrayList<>();
  private @Nullable ProllyServer server;

  @Override
  public Integer call() {
    if (maxConnections != null) {
      // The JDK server reads its bound once, at its first server in the process: before ProllyServer is loaded.
      System.setProperty(ProllyServer.MAX_CONNECTIONS_PROPERTY, Integer.toString(checked(maxConnections,
          "--max-connections", 1, 1_000_000)));
    }
    Map<String, String> locations = names(served);
    ProllyServer started;
    ProllyServer.Builder builder = ProllyServer.builder().address(addressOf(address)).threads(checked(threads,
        "--threads", 1, 1024)).port(checked(port, "--port", 0, 65535)).readOnly(readOnly);
    secure(builder);
    try {
      locations.forEach((name, location) -> {
        Repository repository = root().openConfigured(location, false);
        opened.add(repository);
        builder.serve(name, repository);
      });
      started = builder.start();
      server = started;
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
    Thread hook = new Thread(this::stop, "prolly-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    PrintWriter out = out();
    String host = host(address);
    String scheme = started.secure() ? "https" : "http";
    String access = tokens == null ? "" : ", tokens of " + tokens;
    locations.forEach((name, location) -> out.println("Serving " + scheme + "://" + host + ":" + started.port() + "/"
        + name + " (" + location + (readOnly ? ", read-only" : "") + access + ")"));
    if (tokens == null && !readOnly && !addressOf(address).isLoopbackAddress()) {
      out.println("No --tokens: every client that reaches this address may read and push.");
    }
    out.println("Stop with Ctrl-C.");
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or has run: it stopped the server.
    }
    return ExitCodes.OK;
  }

  /** Stops the server and releases the repositories, once, from the command's thread or the shutdown hook. */
  private synchronized void stop() {
    if (stopped.getCount() == 0) {
      return;
    }
    try {
      if (server != null) {
        server.close();
        out().println("Stopped serving.");
        out().flush();
      }
    } finally {
      opened.forEach(root()::releaseRepository);
      stopped.countDown();
    }
  }

  /**
   * Names each repository: {@code NAME=REPO} as given, else the location's last path segment
   * without its extension.
   */
  private static Map<String, String> names(List<String> served) {
    Map<String, String> locations = new LinkedHashMap<>();
    for (String given : served) {
      int equals = given.indexOf('=');
      String name;
      String location;
      if (equals > 0 && NAME.matcher(given.substring(0, equals)).matches()) {
        name = given.substring(0, equals);
        location = given.substring(equals + 1);
      } else {
        name = defaultName(given);
        location = given;
      }
      if (location.isBlank()) {
        throw new UserException(ExitCodes.USAGE, "'" + given + "' names no repository; give NAME=REPO, such as "
            + "main=data/main.prolly");
      }
      RemoteLocation.refuse(location);
      if (!NAME.matcher(name).matches()) {
        throw new UserException(ExitCodes.USAGE, "cannot name the repository '" + given + "' from its location "
            + "('" + name + "' is not a name of letters, digits, '.', '_' and '-', at most 64, not starting with "
            + "'.'); give NAME=REPO, such as main=" + given);
      }
      String taken = locations.putIfAbsent(name, location);
      if (taken != null) {
        throw new UserException(ExitCodes.USAGE, "both " + taken + " and " + location + " would be served as '"
            + name + "'; name one with NAME=REPO, such as " + name + "2=" + location);
      }
    }
    return locations;
  }

  private static String defaultName(String location) {
    String path = location;
    int query = path.indexOf('?');
    if (query >= 0) {
      path = path.substring(0, query);
    }
    while (path.endsWith("/") || path.endsWith("\\")) {
      path = path.substring(0, path.length() - 1);
    }
    int segment = Math.max(path.lastIndexOf(':'), Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')));
    String name = path.substring(segment + 1);
    int extension = name.lastIndexOf('.');
    return extension > 0 ? name.substring(0, extension) : name;
  }

  private static InetAddress addressOf(String address) {
    try {
      return InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      throw new UserException(ExitCodes.USAGE, "--address " + address + " is not an address of this machine; give "
          + "one like 127.0.0.1 or 0.0.0.0 (every address)");
    }
  }

  /** The host for the URLs printed: the address given, or this machine's name when it listens on every one. */
  private static String host(String address) {
    InetAddress listening = addressOf(address);
    if (listening.isAnyLocalAddress()) {
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        return "localhost";
      }
    }
    return address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
  }

  /** Tokens, anonymous access, TLS and limits, from the options. */
  private void secure(ProllyServer.Builder builder) {
    if (tokens != null) {
      builder.tokens(tokens);
    }
    if (anonymous != null) {
      builder.anonymous(access(anonymous));
    }
    if (keystore != null) {
      char[] password = keystorePassword();
      builder.tls(keystore, password);
      java.util.Arrays.fill(password, '\0');
    } else if (keystorePasswordFile != null) {
      throw new UserException(ExitCodes.USAGE, "--tls-password-file needs --tls-keystore, the keystore it opens");
    }
    try {
      builder.limits(new RemoteLimits(maxPushBytes, maxBatch, maxNodeBytes, maxRefNameBytes, maxWaiting));
    } catch (IllegalArgumentException e) {
      throw new UserException(ExitCodes.USAGE, e.getMessage().replace("maxPushBytes", "--max-push-bytes")
          .replace("maxBatch", "--max-batch").replace("maxNodeBytes", "--max-node-bytes")
          .replace("maxRefNameBytes", "--max-ref-name-bytes").replace("maxWaiting", "--max-waiting"));
    }
    builder.requestTimeout(Duration.ofSeconds(checked(requestTimeout, "--request-timeout", 1, 86400)));
    builder.headerTimeout(Duration.ofSeconds(checked(headerTimeout, "--header-timeout", 1, 3600)));
    if (maxRequestsPerClient != 0) {
      builder.maxRequestsPerClient(checked(maxRequestsPerClient, "--max-requests-per-client", 1, 65536));
    }
  }

  private static Access access(String given) {
    String name = given.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    for (Access access : Access.values()) {
      if (access.name().equals(name)) {
        return access;
      }
    }
    throw new UserException(ExitCodes.USAGE, "--anonymous " + given + " is not none, read or read-write");
  }

  private char[] keystorePassword() {
    String password;
    if (keystorePasswordFile != null) {
      try {
        password = Files.readAllLines(keystorePasswordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the keystore password file " + keystorePasswordFile + ": "
            + e.getMessage(), e);
      }
    } else {
      password = System.getenv(TLS_PASSWORD);
      if (password == null) {
        throw new UserException(ExitCodes.USAGE, "--tls-keystore needs the keystore's password: give "
            + "--tls-password-file FILE or set " + TLS_PASSWORD + " (never on the command line)");
      }
    }
    return password.toCharArray();
  }

  private static int checked(int value, String option, int min, int max) {
    if (value < min || value > max) {
      throw new UserException(ExitCodes.USAGE, option + " " + value + " is not " + min + " to " + max);
    }
    return value;
  }
}

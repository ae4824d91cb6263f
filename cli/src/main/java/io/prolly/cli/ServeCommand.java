package io.prolly.cli;

import io.prolly.Repository;
import io.prolly.server.ProllyServer;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
@Command(name = "serve", description = {"Serves repositories over HTTP, each at http://ADDRESS:PORT/NAME, for "
    + "clone, fetch, pull and push by URL, until interrupted (Ctrl-C, SIGTERM).", "Pushes are judged by "
    + "--validator and --require-signed. No authentication: serve on a trusted network, or behind a proxy that "
    + "authenticates. (--repo is not used.)"})
final class ServeCommand extends CliCommand {

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

  @Option(names = "--threads", paramLabel = "N", description = "Requests answered at once. Default: 8.")
  int threads = 8;

  private final CountDownLatch stopped = new CountDownLatch(1);
  private final List<Repository> opened = new ArrayList<>();
  private @Nullable ProllyServer server;

  @Override
  public Integer call() {
    Map<String, String> locations = names(served);
    ProllyServer started;
    ProllyServer.Builder builder = ProllyServer.builder().address(addressOf(address)).threads(checked(threads,
        "--threads", 1, 1024)).port(checked(port, "--port", 0, 65535)).readOnly(readOnly);
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
    locations.forEach((name, location) -> out.println("Serving http://" + host + ":" + started.port() + "/" + name
        + " (" + location + (readOnly ? ", read-only" : "") + ")"));
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

  private static int checked(int value, String option, int min, int max) {
    if (value < min || value > max) {
      throw new UserException(ExitCodes.USAGE, option + " " + value + " is not " + min + " to " + max);
    }
    return value;
  }
}

package io.prolly.backend.jdbc.testing;

import io.prolly.backend.jdbc.JdbcBackendProvider;
import io.prolly.spi.StoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;

/**
 * One real PostgreSQL server per test JVM, started from Maven artifacts (zonky's binaries) on a
 * free loopback port the first time a test asks, and stopped by a shutdown hook. Tests stay
 * independent by giving every store its own schema ({@link #storeConfig(String)}).
 *
 * <p>PostgreSQL refuses to run as root, and this project's machines and CI run as root: then the
 * server runs as an unprivileged account ({@link RootPostgres}); otherwise zonky starts it as
 * usual. A child JVM started by a test (crash and multi-process tests) reuses its parent's server,
 * which the parent announces in a file named after its process id.
 *
 * <p>Thread-safe. Also used by {@code bench/}, through this module's test jar.
 */
public final class TestPostgres {

  /** The database and superuser every store of the tests uses. */
  public static final String USER = "postgres";

  private static final long START_LIMIT_MILLIS = 120_000;
  private static TestPostgres shared;

  private final int port;

  private TestPostgres(int port) {
    this.port = port;
  }

  /**
   * Returns the JVM's server, starting it on first use, or the parent JVM's server in a child.
   *
   * @return the running server
   */
  public static synchronized TestPostgres shared() {
    if (shared == null) {
      shared = announcedByParent().orElseGet(TestPostgres::start);
    }
    return shared;
  }

  /**
   * Returns the server's port on 127.0.0.1.
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * Returns the JDBC URL of the {@code postgres} database.
   *
   * @return a URL for {@link DriverManager}
   */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  /**
   * Returns the configuration of a {@code jdbc:} store in its own schema of this server.
   *
   * @param schema a lowercase SQL name, created by the store when it opens
   * @return the configuration
   */
  public StoreConfig storeConfig(String schema) {
    return StoreConfig.builder("jdbc").location("postgresql://127.0.0.1:" + port + "/postgres")
        .option(JdbcBackendProvider.USER, USER).option(JdbcBackendProvider.SCHEMA, schema).build();
  }

  /**
   * Opens a superuser connection in autocommit mode, for tests that look behind the backend.
   *
   * @return a connection the caller closes
   * @throws SQLException if the server does not answer
   */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), USER, "");
  }

  private static TestPostgres start() {
    int port = freePort();
    boolean root = isRoot();
    Server server = root ? RootPostgres.start(port) : ZonkyPostgres.start(port);
    Path announcement = announcement(ProcessHandle.current().pid());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        Files.deleteIfExists(announcement);
      } catch (IOException e) {
        // The file only helps child JVMs find the server; a stale one points at a closed port.
      }
      server.stop();
    }, "stop-test-postgres"));
    TestPostgres postgres = new TestPostgres(server.port());
    postgres.awaitReady(server);
    try {
      Files.writeString(announcement, Integer.toString(server.port()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot announce the PostgreSQL port to child JVMs", e);
    }
    return postgres;
  }

  private static Optional<TestPostgres> announcedByParent() {
    return ProcessHandle.current().parent().map(parent -> announcement(parent.pid())).filter(Files::isRegularFile)
        .map(file -> {
          try {
            return new TestPostgres(Integer.parseInt(Files.readString(file).trim()));
          } catch (IOException e) {
            throw new UncheckedIOException("cannot read the PostgreSQL port the parent JVM announced in " + file, e);
          }
        });
  }

  private static Path announcement(long pid) {
    return Path.of(System.getProperty("java.io.tmpdir"), "prolly-test-postgres-" + pid + ".port");
  }

  private void awaitReady(Server server) {
    long deadline = System.currentTimeMillis() + START_LIMIT_MILLIS;
    while (true) {
      try (Connection connection = connect()) {
        return;
      } catch (SQLException notYet) {
        if (!server.isAlive() || System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("PostgreSQL did not start on port " + port + ": " + notYet.getMessage()
              + "\nserver log:\n" + server.log(), notYet);
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for PostgreSQL", e);
        }
      }
    }
  }

  private static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free loopback port for PostgreSQL", e);
    }
  }

  /** A running server this class started. */
  interface Server {
    int port();

    boolean isAlive();

    String log();

    void stop();
  }
}

package io.prolly.backend.cassandra.testing;

import com.datastax.oss.driver.api.core.CqlSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One real Cassandra node per test JVM, started the first time a test asks, in a child JVM on the
 * class path that Maven resolved for {@code org.apache.cassandra:cassandra-all} (module
 * {@code backends/cassandra-testnode}, file named by the system property
 * {@value #CLASSPATH_PROPERTY}), on free loopback ports, with a generated {@code cassandra.yaml} in
 * a temporary directory. A shutdown hook kills it and deletes its directory. The
 * {@code --add-opens}/{@code --add-exports} flags Cassandra needs are given to that child JVM
 * only. A child JVM started by a test (the crash contract) reuses its parent's node, which the
 * parent announces in a file named after its process id.
 *
 * <p>Thread-safe.
 */
public final class TestCassandra {

  /** The system property naming the file that holds the node's class path. */
  public static final String CLASSPATH_PROPERTY = "prolly.cassandra.classpath";
  /** The datacentre of the node (Cassandra's default for the simple snitch). */
  public static final String DATACENTER = "datacenter1";

  private static final long START_LIMIT_MILLIS = 180_000;
  private static final List<String> MODULE_FLAGS = List.of(
      "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
      "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-exports=java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
      "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
      "--add-exports=java.rmi/sun.rmi.server=ALL-UNNAMED",
      "--add-exports=java.sql/java.sql=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.module=ALL-UNNAMED",
      "--add-opens=java.base/jdk.internal.loader=ALL-UNNAMED",
      "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens=java.base/jdk.internal.reflect=ALL-UNNAMED",
      "--add-opens=java.base/jdk.internal.math=ALL-UNNAMED",
      "--add-opens=java.base/jdk.internal.module=ALL-UNNAMED",
      "--add-opens=java.base/jdk.internal.util.jar=ALL-UNNAMED",
      "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.math=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED");

  private static TestCassandra shared;

  private final int port;
  private final long startMillis;
  private final long pid;

  private TestCassandra(int port, long startMillis, long pid) {
    this.port = port;
    this.startMillis = startMillis;
    this.pid = pid;
  }

  /**
   * Returns the JVM's node, starting it on first use, or the parent JVM's node in a child.
   *
   * @return the running node
   */
  public static synchronized TestCassandra shared() {
    if (shared == null) {
      shared = announcedByParent().orElseGet(TestCassandra::start);
    }
    return shared;
  }

  /**
   * Returns the node's native protocol port on 127.0.0.1.
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * Returns how long the node took to accept connections, or -1 for a parent's node.
   *
   * @return milliseconds from starting the JVM to an open native port
   */
  public long startMillis() {
    return startMillis;
  }

  /**
   * Returns the process id of the node's JVM, or -1 for a parent's node.
   *
   * @return the process id
   */
  public long pid() {
    return pid;
  }

  /**
   * Returns the location of a keyspace on this node, as a {@code cassandra:} store wants it.
   *
   * @param keyspace the keyspace
   * @return {@code //127.0.0.1:port/keyspace}
   */
  public String location(String keyspace) {
    return "//127.0.0.1:" + port + "/" + keyspace;
  }

  private static TestCassandra start() {
    String classpathFile = System.getProperty(CLASSPATH_PROPERTY);
    if (classpathFile == null) {
      throw new IllegalStateException("system property " + CLASSPATH_PROPERTY + " names no class path file;"
          + " run the tests through Maven, which sets it (backends/cassandra/pom.xml)");
    }
    String classpath;
    Path directory;
    try {
      classpath = Files.readString(Path.of(classpathFile)).trim();
      directory = Files.createTempDirectory("prolly-cassandra-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Cassandra class path from " + classpathFile
          + " (built by backends/cassandra-testnode) or make the node's directory", e);
    }
    int nativePort = freePort();
    int storagePort = freePort();
    Path yaml = directory.resolve("cassandra.yaml");
    Path logback = directory.resolve("logback.xml");
    Path log = directory.resolve("node.log");
    try {
      Files.writeString(yaml, yaml(directory, nativePort, storagePort));
      Files.writeString(logback, "<configuration><appender name=\"F\" class=\"ch.qos.logback.core.FileAppender\">"
          + "<file>" + directory.resolve("system.log") + "</file><encoder><pattern>%d %-5level [%thread] %logger{20}"
          + " - %msg%n</pattern></encoder></appender><root level=\"WARN\"><appender-ref ref=\"F\"/></root>"
          + "</configuration>");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the node's configuration in " + directory, e);
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xms512m", "-Xmx512m", "-Xss512k", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError"));
    command.addAll(MODULE_FLAGS);
    command.addAll(List.of("-Djdk.attach.allowAttachSelf=true", "-Dcassandra.config=" + yaml.toUri(),
        "-Dcassandra-foreground=yes", "-Dcassandra.storagedir=" + directory, "-Dcassandra.logdir=" + directory,
        "-Dlogback.configurationFile=" + logback, "-Dcassandra.skip_wait_for_gossip_to_settle=0",
        "-Dcassandra.ring_delay_ms=0", "-Dcassandra.superuser_setup_delay_ms=0", "-cp", classpath,
        "org.apache.cassandra.service.CassandraDaemon"));
    long began = System.nanoTime();
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Cassandra node's JVM", e);
    }
    Path announcement = announcement(ProcessHandle.current().pid());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      process.destroyForcibly();
      try {
        process.waitFor();
        Files.deleteIfExists(announcement);
        deleteTree(directory);
      } catch (InterruptedException | IOException e) {
        // The node is gone with the JVM; a directory left in the temporary folder is harmless.
      }
    }, "stop-test-cassandra"));
    awaitPort(process, nativePort, log);
    TestCassandra node = new TestCassandra(nativePort, (System.nanoTime() - began) / 1_000_000, process.pid());
    try {
      Files.writeString(announcement, Integer.toString(nativePort));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot announce the Cassandra port to child JVMs", e);
    }
    return node;
  }

  private static String yaml(Path directory, int nativePort, int storagePort) {
    return String.join("\n",
        "cluster_name: prolly-test",
        "num_tokens: 1",
        "initial_token: 0",
        "partitioner: org.apache.cassandra.dht.Murmur3Partitioner",
        "data_file_directories: [" + directory.resolve("data") + "]",
        "commitlog_directory: " + directory.resolve("commitlog"),
        "saved_caches_directory: " + directory.resolve("saved_caches"),
        "hints_directory: " + directory.resolve("hints"),
        "cdc_raw_directory: " + directory.resolve("cdc_raw"),
        "commitlog_sync: periodic",
        "commitlog_sync_period: 10000ms",
        "commitlog_segment_size: 32MiB",
        "seed_provider:",
        "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
        "    parameters:",
        "      - seeds: \"127.0.0.1:" + storagePort + "\"",
        "listen_address: 127.0.0.1",
        "storage_port: " + storagePort,
        "rpc_address: 127.0.0.1",
        "native_transport_port: " + nativePort,
        "start_native_transport: true",
        "endpoint_snitch: SimpleSnitch",
        "memtable_heap_space: 64MiB",
        "memtable_offheap_space: 64MiB",
        "key_cache_size: 8MiB",
        "counter_cache_size: 0MiB",
        // Paxos v2 needs fewer round trips per conditional batch than v1.
        "paxos_variant: v2",
        "concurrent_compactors: 1",
        "authenticator: AllowAllAuthenticator",
        "authorizer: AllowAllAuthorizer",
        "dynamic_snitch: false",
        "disk_access_mode: standard",
        "");
  }

  private static void awaitPort(Process process, int port, Path log) {
    long deadline = System.currentTimeMillis() + START_LIMIT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the Cassandra node exited with " + process.exitValue()
            + " before it accepted connections; see " + log);
      }
      if (answers(port)) {
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the Cassandra node", e);
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("the Cassandra node did not accept connections on port " + port + " within "
        + START_LIMIT_MILLIS / 1000 + " s; see " + log);
  }

  /** Whether the node answers a query: it opens its port a little before it serves clients. */
  private static boolean answers(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
    } catch (IOException e) {
      return false;
    }
    try (CqlSession session = CqlSession.builder()
        .addContactPoint(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
        .withLocalDatacenter(DATACENTER).build()) {
      session.execute("SELECT release_version FROM system.local");
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static Optional<TestCassandra> announcedByParent() {
    return ProcessHandle.current().parent().map(parent -> announcement(parent.pid())).filter(Files::isRegularFile)
        .map(file -> {
          try {
            return new TestCassandra(Integer.parseInt(Files.readString(file).trim()), -1, -1);
          } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Cassandra port the parent JVM announced in " + file, e);
          }
        });
  }

  private static Path announcement(long pid) {
    return Path.of(System.getProperty("java.io.tmpdir"), "prolly-test-cassandra-" + pid + ".port");
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on the loopback interface", e);
    }
  }

  private static void deleteTree(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}

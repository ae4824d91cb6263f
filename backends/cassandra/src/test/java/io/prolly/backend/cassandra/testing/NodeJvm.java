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
import java.util.stream.Stream;

/**
 * One Cassandra node in a child JVM, on the class path Maven resolved for
 * {@code org.apache.cassandra:cassandra-all} (file named by {@link TestCassandra#CLASSPATH_PROPERTY}),
 * with a generated {@code cassandra.yaml} in a directory of its own. The {@code --add-opens} and
 * {@code --add-exports} flags Cassandra needs are given to that child JVM only. Thread-safe.
 */
final class NodeJvm {

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

  /**
   * Where a node listens, what it needs to find the others, and how long it lets a request take
   * (0 for Cassandra's own limits: 2 s for a write, 1 s for a Paxos round under contention).
   */
  record Address(String host, int nativePort, int storagePort, String seed, long token, long timeoutMillis) {}

  private final Address address;
  private final Path directory;
  private final Process process;
  private final long began;

  private NodeJvm(Address address, Path directory, Process process, long began) {
    this.address = address;
    this.directory = directory;
    this.process = process;
    this.began = began;
  }

  /**
   * Starts the node's JVM and returns at once; {@link #awaitAnswer()} waits until it serves
   * clients. The JVM is killed and its directory deleted when this JVM exits.
   */
  static NodeJvm launch(Address address) {
    String classpathFile = System.getProperty(TestCassandra.CLASSPATH_PROPERTY);
    if (classpathFile == null) {
      throw new IllegalStateException("system property " + TestCassandra.CLASSPATH_PROPERTY
          + " names no class path file; run the tests through Maven, which sets it (backends/cassandra/pom.xml)");
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
    Path yaml = directory.resolve("cassandra.yaml");
    Path logback = directory.resolve("logback.xml");
    try {
      Files.writeString(yaml, yaml(directory, address));
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
        "-Dcassandra.ring_delay_ms=" + ringDelayMillis(address), "-Dcassandra.superuser_setup_delay_ms=0", "-cp", classpath,
        "org.apache.cassandra.service.CassandraDaemon"));
    long began = System.nanoTime();
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(directory.resolve("node.log")
          .toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Cassandra node's JVM", e);
    }
    NodeJvm node = new NodeJvm(address, directory, process, began);
    Runtime.getRuntime().addShutdownHook(new Thread(node::stop, "stop-test-cassandra"));
    return node;
  }

  /**
   * How long the node waits for gossip from the seed: a seed has nobody to wait for; another node
   * needs time for its first gossip round with the seed (with 0 it gives up at once, "Unable to
   * gossip with any peers"). Joining costs no such wait: nodes do not bootstrap.
   */
  private static long ringDelayMillis(Address address) {
    return address.seed().equals(address.host() + ":" + address.storagePort()) ? 0 : 30_000;
  }

  /**
   * Waits until the node answers a query, and returns how long it took from starting its JVM.
   *
   * @throws IllegalStateException if it exits or does not answer within three minutes
   */
  long awaitAnswer() {
    Path log = directory.resolve("node.log");
    long deadline = System.currentTimeMillis() + START_LIMIT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the Cassandra node on " + address.host() + " exited with "
            + process.exitValue() + " before it accepted connections; the end of its output:\n" + tail(log));
      }
      if (answers()) {
        return (System.nanoTime() - began) / 1_000_000;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the Cassandra node", e);
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("the Cassandra node did not accept connections on " + address.host() + ":"
        + address.nativePort() + " within " + START_LIMIT_MILLIS / 1000 + " s; the end of its output:\n" + tail(log));
  }

  /** The last lines of a node's output, for a failure message: its directory is deleted at exit. */
  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** Whether the node answers a query: it opens its port a little before it serves clients. */
  private boolean answers() {
    InetSocketAddress socketAddress = new InetSocketAddress(address.host(), address.nativePort());
    try (Socket socket = new Socket()) {
      socket.connect(socketAddress, 500);
    } catch (IOException e) {
      return false;
    }
    try (CqlSession session = CqlSession.builder().addContactPoint(socketAddress)
        .withLocalDatacenter(TestCassandra.DATACENTER).build()) {
      session.execute("SELECT release_version FROM system.local");
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  Address address() {
    return address;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Kills the node's JVM at once (SIGKILL on Linux, as {@code kill -9}), and waits until it is gone. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing the Cassandra node", e);
    }
  }

  /** Kills the node and deletes its directory; safe to call more than once. */
  void stop() {
    process.destroyForcibly();
    try {
      process.waitFor();
      deleteTree(directory);
    } catch (InterruptedException | IOException e) {
      // The node is gone; a directory left in the temporary folder is harmless.
    }
  }

  private static String yaml(Path directory, Address address) {
    return String.join("\n",
        "cluster_name: prolly-test",
        "num_tokens: 1",
        "initial_token: " + address.token(),
        // Every node owns its token from the start: nothing to stream, so nodes join at once.
        "auto_bootstrap: false",
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
        "      - seeds: \"" + address.seed() + "\"",
        "listen_address: " + address.host(),
        "storage_port: " + address.storagePort(),
        "rpc_address: " + address.host(),
        "native_transport_port: " + address.nativePort(),
        "start_native_transport: true",
        "endpoint_snitch: SimpleSnitch",
        "memtable_heap_space: 64MiB",
        "memtable_offheap_space: 64MiB",
        "key_cache_size: 8MiB",
        "counter_cache_size: 0MiB",
        // Paxos v2 needs fewer round trips per conditional batch than v1.
        "paxos_variant: v2",
        "concurrent_compactors: 1",
        // What a test node does not need: snapshots before a drop or truncate, hints for nodes that
        // are down (nothing is replayed: a killed node stays dead), warnings about read sizes.
        "auto_snapshot: false",
        "hinted_handoff_enabled: false",
        "read_thresholds_enabled: false",
        "authenticator: AllowAllAuthenticator",
        "authorizer: AllowAllAuthorizer",
        "dynamic_snitch: false",
        "disk_access_mode: standard",
        address.timeoutMillis() == 0 ? "" : String.join("\n",
            "read_request_timeout: " + address.timeoutMillis() + "ms",
            "range_request_timeout: " + address.timeoutMillis() + "ms",
            "write_request_timeout: " + address.timeoutMillis() + "ms",
            "cas_contention_timeout: " + address.timeoutMillis() + "ms",
            "request_timeout: " + address.timeoutMillis() + "ms"),
        "");
  }

  /** A port free on every one of the given loopback addresses. */
  static int freePort(List<String> hosts) {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(hosts.get(0)))) {
        port = socket.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException("no free port on " + hosts.get(0), e);
      }
      if (hosts.stream().skip(1).allMatch(host -> free(host, port))) {
        return port;
      }
    }
    throw new IllegalStateException("no port free on all of " + hosts);
  }

  private static boolean free(String host, int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(host))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void deleteTree(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}

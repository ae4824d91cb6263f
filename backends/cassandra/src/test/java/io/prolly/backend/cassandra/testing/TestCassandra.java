package io.prolly.backend.cassandra.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One real Cassandra node per test JVM, started the first time a test asks, in a child JVM on the
 * class path that Maven resolved for {@code org.apache.cassandra:cassandra-all} (module
 * {@code backends/cassandra-testnode}, file named by the system property
 * {@value #CLASSPATH_PROPERTY}), on free loopback ports ({@link NodeJvm}). A shutdown hook kills
 * it and deletes its directory. A child JVM started by a test (the crash contract) reuses its
 * parent's node, which the parent announces in a file named after its process id.
 *
 * <p>Thread-safe.
 */
public final class TestCassandra {

  /** The system property naming the file that holds the node's class path. */
  public static final String CLASSPATH_PROPERTY = "prolly.cassandra.classpath";
  /** The datacentre of the node (Cassandra's default for the simple snitch). */
  public static final String DATACENTER = "datacenter1";

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
    String host = InetAddress.getLoopbackAddress().getHostAddress();
    List<String> hosts = List.of(host);
    int storagePort = NodeJvm.freePort(hosts);
    NodeJvm node = NodeJvm.launch(new NodeJvm.Address(host, NodeJvm.freePort(hosts), storagePort,
        host + ":" + storagePort, 0, 0));
    Path announcement = announcement(ProcessHandle.current().pid());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        Files.deleteIfExists(announcement);
      } catch (IOException e) {
        // A stale file names a process id that no test JVM has; harmless.
      }
    }, "forget-test-cassandra"));
    long startMillis = node.awaitAnswer();
    // In the test output: a first rule's time otherwise hides it.
    System.out.println("Cassandra test node (pid " + node.pid() + ") answered " + startMillis + " ms after its JVM started");
    int nativePort = node.address().nativePort();
    try {
      Files.writeString(announcement, Integer.toString(nativePort));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot announce the Cassandra port to child JVMs", e);
    }
    return new TestCassandra(nativePort, startMillis, node.pid());
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
}

package io.prolly.backend.cassandra.testing;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.NodeState;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A cluster of real Cassandra nodes on 127.0.0.1, 127.0.0.2, …, each in a child JVM
 * ({@link NodeJvm}), on the same free ports on every address, with evenly spread tokens and no
 * bootstrap streaming, so that every node joins as soon as it runs. The first node is the seed;
 * the others start together once it answers. Linux routes the whole of 127.0.0.0/8 to the loopback
 * interface, so no setup is needed. About 1 GB of memory a node.
 *
 * <p>Thread-safe.
 */
public final class TestCassandraCluster implements AutoCloseable {

  private static final long SETTLE_LIMIT_MILLIS = 120_000;
  /**
   * How long a node lets a request take. Cassandra's own limits (2 s a write, 1 s a contended
   * Paxos round) are made for nodes on machines of their own; three nodes sharing a small machine
   * with their clients would time out most conditional batches. Below the driver's 12 s.
   */
  private static final long REQUEST_TIMEOUT_MILLIS = 8_000;

  private final List<NodeJvm> nodes;
  private final long startMillis;

  private TestCassandraCluster(List<NodeJvm> nodes, long startMillis) {
    this.nodes = nodes;
    this.startMillis = startMillis;
  }

  /**
   * Starts the nodes and returns once every node answers and sees every other one up.
   *
   * @param size how many nodes, 1 to 9
   * @return the running cluster; the caller closes it
   * @throws IllegalArgumentException if {@code size} is out of range
   * @throws IllegalStateException if a node does not start or the nodes do not see each other in time
   */
  public static TestCassandraCluster start(int size) {
    if (size < 1 || size > 9) {
      throw new IllegalArgumentException("a test cluster has 1 to 9 nodes, not " + size);
    }
    long began = System.nanoTime();
    List<String> hosts = new ArrayList<>();
    for (int node = 1; node <= size; node++) {
      hosts.add("127.0.0." + node);
    }
    int nativePort = NodeJvm.freePort(hosts);
    int storagePort = NodeJvm.freePort(hosts);
    String seed = hosts.get(0) + ":" + storagePort;
    List<NodeJvm> nodes = new ArrayList<>();
    try {
      for (int node = 0; node < size; node++) {
        // Murmur3 tokens run from -2^63 to 2^63 - 1: one evenly spaced token a node (the sum wraps
        // as the token ring does).
        long token = Long.MIN_VALUE + node * Long.divideUnsigned(-1L, size);
        nodes.add(NodeJvm.launch(new NodeJvm.Address(hosts.get(node), nativePort, storagePort, seed, token,
            REQUEST_TIMEOUT_MILLIS)));
        if (node == 0) {
          nodes.get(0).awaitAnswer();
        }
      }
      for (NodeJvm node : nodes) {
        node.awaitAnswer();
      }
      awaitAllUp(nodes);
      return new TestCassandraCluster(List.copyOf(nodes), (System.nanoTime() - began) / 1_000_000);
    } catch (RuntimeException e) {
      nodes.forEach(NodeJvm::stop);
      throw e;
    }
  }

  /** Waits until a client sees every node up, through every node. */
  private static void awaitAllUp(List<NodeJvm> nodes) {
    long deadline = System.currentTimeMillis() + SETTLE_LIMIT_MILLIS;
    String seen = "";
    while (System.currentTimeMillis() < deadline) {
      try (CqlSession session = CqlSession.builder().addContactPoints(contactPoints(nodes))
          .withLocalDatacenter(TestCassandra.DATACENTER).build()) {
        List<Node> up = session.getMetadata().getNodes().values().stream()
            .filter(node -> node.getState() == NodeState.UP).toList();
        boolean everyPeer = true;
        for (Node node : up) {
          // Each node must know all the others, not only the one the client asked.
          int peers = session.execute(SimpleStatement.newInstance("SELECT peer FROM system.peers_v2").setNode(node))
              .all().size();
          everyPeer &= peers == nodes.size() - 1;
        }
        seen = up.stream().map(Node::getEndPoint).map(Object::toString).collect(Collectors.joining(", "));
        if (up.size() == nodes.size() && everyPeer && session.checkSchemaAgreement()) {
          return;
        }
      } catch (RuntimeException e) {
        seen = e.toString();
      }
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the cluster", e);
      }
    }
    throw new IllegalStateException("the " + nodes.size() + " Cassandra nodes did not all see each other within "
        + SETTLE_LIMIT_MILLIS / 1000 + " s; up: " + seen);
  }

  private static List<InetSocketAddress> contactPoints(List<NodeJvm> nodes) {
    return nodes.stream().map(node -> new InetSocketAddress(node.address().host(), node.address().nativePort()))
        .toList();
  }

  /**
   * Returns the location of a keyspace on the cluster, naming every node, as a {@code cassandra:}
   * store wants it.
   *
   * @param keyspace the keyspace
   * @return {@code //127.0.0.1:port,127.0.0.2:port,…/keyspace}
   */
  public String location(String keyspace) {
    return "//" + nodes.stream().map(node -> node.address().host() + ":" + node.address().nativePort())
        .collect(Collectors.joining(",")) + "/" + keyspace;
  }

  /**
   * Returns how many nodes the cluster has.
   *
   * @return the number of nodes, dead or alive
   */
  public int size() {
    return nodes.size();
  }

  /**
   * Returns how long the cluster took from starting the first JVM to every node seeing the others.
   *
   * @return milliseconds
   */
  public long startMillis() {
    return startMillis;
  }

  /**
   * Kills one node's JVM at once, as {@code kill -9} does, and waits until it is gone.
   *
   * @param node the node's index, from 0
   * @throws IndexOutOfBoundsException if there is no such node
   */
  public void kill(int node) {
    nodes.get(node).kill();
  }

  /**
   * Returns whether a node's JVM still runs.
   *
   * @param node the node's index, from 0
   * @return whether it is alive
   * @throws IndexOutOfBoundsException if there is no such node
   */
  public boolean alive(int node) {
    return nodes.get(node).alive();
  }

  /** Kills every node and deletes their directories; idempotent. */
  @Override
  public void close() {
    nodes.forEach(NodeJvm::stop);
  }
}

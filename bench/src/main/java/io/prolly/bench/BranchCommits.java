package io.prolly.bench;

import io.prolly.error.ConcurrencyException;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.WriteTransaction;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the server backends' benchmarks ({@link JdbcBenchmark}, {@code CassandraBenchmark}) measure
 * the same way: a commit of one new node and one ref move, on the writer's own branch or on one
 * branch all writers share (compare-and-set conflicts retried by reading the branch again), and a
 * batch of {@value NodeStoreBenchmark#BATCH} new nodes in one transaction.
 */
public final class BranchCommits {

  private static final String SHARED_BRANCH = "heads/main";

  private BranchCommits() {}

  /** One writer thread: its own branch and a source of new nodes. */
  @State(Scope.Thread)
  public static class Writer {
    private static final AtomicInteger WRITERS = new AtomicInteger();

    String branch;
    NodeSource nodes;
    Hash head;

    @Setup(Level.Trial)
    public void start() {
      int index = WRITERS.incrementAndGet();
      branch = "heads/writer-" + index;
      nodes = new NodeSource(index);
    }

    Map.Entry<Hash, byte[]> nextNode() {
      return nodes.nextBatch(1).entrySet().iterator().next();
    }
  }

  /** The next batch of new nodes, made outside the measured code. */
  @State(Scope.Thread)
  public static class Batch {
    NodeSource source = new NodeSource(42);
    Map<Hash, byte[]> nodes;

    @Setup(Level.Invocation)
    public void next() {
      nodes = source.nextBatch(NodeStoreBenchmark.BATCH);
    }
  }

  /** Commits one new node and moves the writer's own branch to it. */
  static void commitOwn(NodeStore store, Writer writer) {
    Map.Entry<Hash, byte[]> node = writer.nextNode();
    try (WriteTransaction tx = store.beginWrite()) {
      tx.put(node.getKey(), node.getValue());
      tx.setRef(writer.branch, writer.head, node.getKey());
      tx.commit();
    }
    writer.head = node.getKey();
  }

  /** Commits one new node and moves the shared branch to it, reading the branch again until it wins. */
  static void commitShared(NodeStore store, Writer writer) {
    Map.Entry<Hash, byte[]> node = writer.nextNode();
    while (true) {
      try (WriteTransaction tx = store.beginWrite()) {
        tx.put(node.getKey(), node.getValue());
        tx.setRef(SHARED_BRANCH, tx.ref(SHARED_BRANCH), node.getKey());
        tx.commit();
        return;
      } catch (ConcurrencyException moved) {
        // Another writer moved the branch since this transaction began: read it again.
      }
    }
  }

  /** Commits a batch of nodes in one transaction. */
  static void commitBatch(NodeStore store, Batch batch) {
    try (WriteTransaction tx = store.beginWrite()) {
      tx.putAll(batch.nodes);
      tx.commit();
    }
  }
}

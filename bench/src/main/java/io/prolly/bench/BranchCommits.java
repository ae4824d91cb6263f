package io.prolly.bench;

import io.prolly.error.ConcurrencyException;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.WriteTransaction;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the server backends' benchmarks ({@link JdbcBenchmark}, {@code CassandraBenchmark}) measure
 * the same way: a commit of one new node and one ref move, on the writer's own branch or on one
 * branch all writers share (compare-and-set conflicts retried by reading the branch again), and a
 * batch of {@value NodeStoreBenchmark#BATCH} new nodes in one transaction.
 *
 * <p>Each of them extends this class, opens {@link #store} in a trial setup of its own, closes it
 * in a trial teardown, and adds its plain comparison beside {@link #nodeBatchThroughStore}. One
 * instance is the store's state, shared by every writer thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public abstract class BranchCommits {

  private static final String SHARED_BRANCH = "heads/main";

  /** The store measured; opened by the subclass before the trial. */
  protected NodeStore store;

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

  @Benchmark
  @Threads(1)
  public void commitOwnBranch01(Writer writer) {
    commitOwn(store, writer);
  }

  @Benchmark
  @Threads(4)
  public void commitOwnBranch04(Writer writer) {
    commitOwn(store, writer);
  }

  @Benchmark
  @Threads(16)
  public void commitOwnBranch16(Writer writer) {
    commitOwn(store, writer);
  }

  @Benchmark
  @Threads(1)
  public void commitSharedBranch01(Writer writer) {
    commitShared(store, writer);
  }

  @Benchmark
  @Threads(4)
  public void commitSharedBranch04(Writer writer) {
    commitShared(store, writer);
  }

  @Benchmark
  @Threads(16)
  public void commitSharedBranch16(Writer writer) {
    commitShared(store, writer);
  }

  /**
   * A batch of nodes committed through the store in one transaction (jdbc: batched idempotent
   * inserts; cassandra: the node rows, then one conditional batch).
   */
  @Benchmark
  public void nodeBatchThroughStore(Batch batch) {
    try (WriteTransaction tx = store.beginWrite()) {
      tx.putAll(batch.nodes);
      tx.commit();
    }
  }

  /** Commits one new node and moves the writer's own branch to it. */
  private static void commitOwn(NodeStore store, Writer writer) {
    Map.Entry<Hash, byte[]> node = writer.nextNode();
    try (WriteTransaction tx = store.beginWrite()) {
      tx.put(node.getKey(), node.getValue());
      tx.setRef(writer.branch, writer.head, node.getKey());
      tx.commit();
    }
    writer.head = node.getKey();
  }

  /** Commits one new node and moves the shared branch to it, reading the branch again until it wins. */
  private static void commitShared(NodeStore store, Writer writer) {
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
}

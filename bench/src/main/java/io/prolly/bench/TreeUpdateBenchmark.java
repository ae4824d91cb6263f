package io.prolly.bench;

import io.prolly.spi.WriteTransaction;
import io.prolly.tree.Edits;
import io.prolly.tree.Tree;
import io.prolly.tree.TreeWriter;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One batch of {@value #UPDATES} updates of random existing keys applied with
 * {@link TreeWriter#apply} to a million-entry tree whose nodes are in a warm cache. Each
 * invocation edits the same base tree and rolls its transaction back, so the store does not grow;
 * the commit of the new nodes is not measured here ({@link NodeStoreBenchmark} measures committing
 * batches of nodes).
 *
 * <p>Besides the time, the auxiliary counters {@code nodesWritten}, {@code nodeBytesWritten} and
 * {@code keysUpdated} count what the writer handed to the transaction; nodes per updated key is
 * {@code nodesWritten / keysUpdated}. {@code CountingWriteTransactionTest} checks, on a smaller
 * tree, that this count equals the number of nodes the store gains when such a batch commits.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class TreeUpdateBenchmark {

  static final int UPDATES = 1_000;

  /** The base tree, its nodes cached. */
  @State(Scope.Benchmark)
  public static class Loaded {
    TreeData data;
    TreeFixture fixture;
    Tree tree;

    @Setup(Level.Trial)
    public void load() {
      data = TreeData.generate(TreeData.ENTRIES, 1);
      fixture = new TreeFixture();
      tree = fixture.build(data.entries());
      fixture.warm(tree);
    }

    @TearDown(Level.Trial)
    public void close() {
      fixture.close();
    }
  }

  /** The next batch: new values for distinct random existing keys. */
  @State(Scope.Thread)
  public static class Batch {
    final SplittableRandom random = new SplittableRandom(5);
    Edits edits;

    @Setup(Level.Invocation)
    public void prepare(Loaded loaded) {
      edits = new Edits();
      for (int position : loaded.data.distinctPositions(UPDATES, random)) {
        edits.put(loaded.data.key(position), TreeData.randomValue(random));
      }
    }
  }

  /**
   * What the writer handed to the transaction, as totals: JMH adds up {@code EVENTS} counters over
   * the iterations, so only totals stay meaningful, and per-key figures are their quotients.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Written {
    public long nodesWritten;
    public long nodeBytesWritten;
    public long keysUpdated;

    @Setup(Level.Iteration)
    public void reset() {
      nodesWritten = 0;
      nodeBytesWritten = 0;
      keysUpdated = 0;
    }

    void add(CountingWriteTransaction tx, int updatedKeys) {
      nodesWritten += tx.nodes();
      nodeBytesWritten += tx.bytes();
      keysUpdated += updatedKeys;
    }
  }

  /** Milliseconds per batch of {@value #UPDATES} updates. */
  @Benchmark
  public Tree applyBatchOf1000Updates(Loaded loaded, Batch batch, Written written) {
    try (WriteTransaction tx = loaded.fixture.bench.store.beginWrite()) {
      CountingWriteTransaction counting = new CountingWriteTransaction(tx);
      Tree result = new TreeWriter(counting, loaded.fixture.cache).apply(loaded.tree, batch.edits);
      written.add(counting, batch.edits.size());
      return result;
    }
  }
}

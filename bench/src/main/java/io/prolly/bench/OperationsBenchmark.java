package io.prolly.bench;

import io.prolly.GcReport;
import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.Store;
import io.prolly.SyncReport;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Repository operations on the memory backend with {@code size} keys (16-byte keys, 100-byte
 * values) and {@value #HISTORY} commits of history: a full garbage collection (mark and sweep of
 * everything), and an incremental push of a {@value #CHANGED}-key change against a full clone. At
 * the end of a trial it prints the collection's nodes per second and the push-to-clone byte ratio.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
@State(Scope.Benchmark)
public class OperationsBenchmark {

  static final int HISTORY = 100;
  static final int CHANGED = 100;

  @Param("1000000")
  public int size;

  private Repository repository;
  private Store<byte[]> main;
  private SplittableRandom random;
  private long cloneBytes;
  private long cloneNodes;
  private GcReport lastGc;
  private SyncReport lastPush;

  @Setup(Level.Trial)
  public void load() {
    repository = Prolly.inMemory();
    random = new SplittableRandom(3);
    main = RepositoryBenchmark.loadMain(repository, size);
    for (int round = 1; round <= HISTORY; round++) {
      change(round);
    }
    try (Repository clone = Prolly.inMemory()) {
      SyncReport full = repository.transfer().cloneInto(clone);
      cloneBytes = full.bytesTransferred();
      cloneNodes = full.nodesTransferred();
    }
  }

  @TearDown(Level.Trial)
  public void report() {
    if (lastGc != null) {
      System.out.printf("%n  gc: %,d nodes marked and swept in %d ms: %,.0f nodes/s%n", lastGc.nodesBefore(),
          lastGc.duration().toMillis(), lastGc.nodesBefore() / (lastGc.duration().toNanos() / 1e9));
    }
    if (lastPush != null) {
      System.out.printf("%n  push of %d changed keys: %,d nodes, %,d bytes; full clone: %,d nodes, %,d bytes: %.0fx fewer bytes%n",
          CHANGED, lastPush.nodesTransferred(), lastPush.bytesTransferred(), cloneNodes, cloneBytes,
          cloneBytes / (double) lastPush.bytesTransferred());
    }
    repository.close();
  }

  /** A full collection over the whole repository (nothing to delete: the cost is the mark). */
  @Benchmark
  public GcReport collectGarbage() {
    lastGc = repository.maintenance().gc();
    return lastGc;
  }

  /** Pushes a clone of the repository the commit of {@value #CHANGED} changed keys. */
  @Benchmark
  public SyncReport pushAChangeOfAHundredKeys(PushTarget target) {
    lastPush = repository.transfer().push(target.remote, "main");
    return lastPush;
  }

  /** A clone that is one commit behind, made again for every push. */
  @State(Scope.Thread)
  public static class PushTarget {
    Repository remote;

    @Setup(Level.Invocation)
    public void cloneAndChange(OperationsBenchmark bench) {
      remote = Prolly.inMemory();
      bench.repository.transfer().cloneInto(remote);
      bench.change(HISTORY + 1 + bench.random.nextInt(1_000_000));
    }

    @TearDown(Level.Invocation)
    public void close() {
      remote.close();
    }
  }

  void change(int round) {
    for (int i = 0; i < CHANGED; i++) {
      int index = random.nextInt(size);
      byte[] value = RepositoryBenchmark.value(index, round);
      ByteBuffer.wrap(value).putInt(8, i);
      main.set(RepositoryBenchmark.key(index), value);
    }
    main.commit("change " + round);
  }
}

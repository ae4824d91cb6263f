package io.prolly.bench;

import io.prolly.Codecs;
import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.Store;
import io.prolly.spi.Hash;
import io.prolly.spi.StoreStats;
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
 * The repository on the memory backend, with a branch of {@code size} keys (16-byte keys,
 * 100-byte values) and a history of {@value #HISTORY} further small commits: a commit of 1,000
 * changed keys, creating a branch, and reading a key at the head against reading it 1,000
 * commits back. At the end of a trial it prints the nodes and bytes an average 1,000-key commit
 * wrote.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class RepositoryBenchmark {

  static final int CHANGED = 1_000;
  static final int HISTORY = 1_000;

  @Param("1000000")
  public int size;

  private Repository repository;
  private Store<byte[]> main;
  private String oldRevision;
  private SplittableRandom random;
  private int branches;
  private long commits;
  private StoreStats before;
  private Hash start;
  private long nodesWritten;
  private long bytesWritten;

  @Setup(Level.Trial)
  public void load() {
    repository = Prolly.inMemory();
    main = loadMain(repository, size);
    for (int i = 0; i < HISTORY; i++) {
      main.set(key(i), value(i, 1));
      Hash id = main.commit("history " + i).id();
      if (i == 0) {
        oldRevision = id.toHex();
      }
    }
    random = new SplittableRandom(7);
    before = repository.maintenance().stats();
    start = repository.resolve("main");
  }

  /**
   * Drops the iteration's commits and collects them, so that the memory backend's heap holds one
   * branch, not every version the benchmark made: without it, full-heap collections of the JVM
   * would be measured instead of commits.
   */
  @TearDown(Level.Iteration)
  public void dropIterationCommits() {
    StoreStats grown = repository.maintenance().stats();
    nodesWritten += grown.nodeCount() - before.nodeCount();
    bytesWritten += grown.nodeBytes() - before.nodeBytes();
    repository.reset("main", start.toHex());
    repository.maintenance().gc();
    main = repository.store("main", Codecs.bytes());
    before = repository.maintenance().stats();
  }

  @TearDown(Level.Trial)
  public void report() {
    if (commits > 0) {
      System.out.printf("%n  per %,d-key commit: %.1f nodes, %,.0f bytes written (%,d bytes of changed entries)%n",
          CHANGED, nodesWritten / (double) commits, bytesWritten / (double) commits, CHANGED * (16 + 100));
    }
    repository.close();
  }

  /** Stages 1,000 random updates and commits them. */
  @Benchmark
  public Hash commitThousandChangedKeys() {
    int round = (int) ++commits + 1;
    for (int i = 0; i < CHANGED; i++) {
      int index = random.nextInt(size);
      main.set(key(index), value(index, round));
    }
    return main.commit("change " + CHANGED).id();
  }

  /** Creates a branch at the head: one ref write, whatever the size of the branch. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Hash createBranch() {
    return repository.createBranch("b" + branches++, "main");
  }

  /** Opens a snapshot of the head and reads a random key. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public byte[] readAtHead() {
    return repository.snapshot("main", Codecs.bytes()).get(key(random.nextInt(size)));
  }

  /** Opens a snapshot 1,000 commits back and reads a random key: time travel costs the same. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public byte[] readThousandCommitsBack() {
    return repository.snapshot(oldRevision, Codecs.bytes()).get(key(random.nextInt(size)));
  }

  /**
   * Commits {@code size} keys ({@link #key}, {@link #value} round 0) to branch main in one commit.
   *
   * @return the working copy of main, based on that commit
   */
  static Store<byte[]> loadMain(Repository repository, int size) {
    Store<byte[]> main = repository.store("main", Codecs.bytes());
    for (int i = 0; i < size; i++) {
      main.set(key(i), value(i, 0));
    }
    main.commit("load");
    return main;
  }

  static String key(int index) {
    return String.format("k%015d", index);
  }

  static byte[] value(int index, int round) {
    byte[] value = new byte[100];
    ByteBuffer.wrap(value).putInt(index).putInt(round);
    return value;
  }
}

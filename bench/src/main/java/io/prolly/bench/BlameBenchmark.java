package io.prolly.bench;

import io.prolly.KeyBlame;
import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.Store;
import java.util.List;
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
 * Blame of {@value #BLAMED} consecutive keys on the memory backend, in a namespace of {@code size}
 * keys (16-byte keys, 100-byte values) with a history of {@value #HISTORY} commits after the load.
 * Every commit changes one other key of the namespace at random, so the namespace's root differs
 * at every commit and the walk cannot skip a commit by comparing roots; the blamed keys are
 * changed too, by one commit in {@value #STRIDE}:
 *
 * <ul>
 *   <li>{@code spread}: the first blamed key by the first commit of the history, the next
 *       {@value #STRIDE} commits later, and so on, so that the walk goes back through all
 *       {@value #HISTORY} commits and resolves keys all the way;
 *   <li>{@code recent}: each by one of the last {@value #BLAMED} commits, so that the walk can
 *       stop after them, whatever the length of the history.
 * </ul>
 *
 * <p>{@code readLog} is the floor: reading every commit of the history once, as {@code log} does,
 * without looking at any key.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class BlameBenchmark {

  static final int BLAMED = 100;
  static final int HISTORY = 10_000;
  static final int STRIDE = HISTORY / BLAMED;

  @Param("100000")
  public int size;

  @Param({"spread", "recent"})
  public String lastChanges;

  private Repository repository;
  private int first;

  @Setup(Level.Trial)
  public void load() {
    repository = Prolly.inMemory();
    Store<byte[]> main = RepositoryBenchmark.loadMain(repository, size);
    first = size / 2;
    SplittableRandom random = new SplittableRandom(7);
    boolean recent = lastChanges.equals("recent");
    for (int commit = 0; commit < HISTORY; commit++) {
      int other = random.nextInt(size - BLAMED);
      other = other < first ? other : other + BLAMED;
      main.set(RepositoryBenchmark.key(other), RepositoryBenchmark.value(other, commit + 1));
      int blamed = recent ? commit - (HISTORY - BLAMED) : commit % STRIDE == 0 ? commit / STRIDE : -1;
      if (blamed >= 0) {
        main.set(RepositoryBenchmark.key(first + blamed), RepositoryBenchmark.value(first + blamed, commit + 1));
      }
      main.commit("commit " + commit);
    }
    List<KeyBlame> check = blame();
    if (check.size() != BLAMED || !check.get(0).commit().id().equals(repository.resolve(recent
        ? "main~" + (BLAMED - 1) : "main~" + (HISTORY - 1)))) {
      throw new IllegalStateException("blame of the set-up history is wrong: " + check.subList(0, 3));
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    repository.close();
  }

  /** Blames the {@value #BLAMED} keys from the middle of the namespace at the head. */
  @Benchmark
  public List<KeyBlame> blame() {
    return repository.blame("main", "", RepositoryBenchmark.key(first), RepositoryBenchmark.key(first + BLAMED));
  }

  /** Reads the {@value #HISTORY} + 1 commits of the history, newest first. */
  @Benchmark
  public long readLog() {
    return repository.log("main").count();
  }
}

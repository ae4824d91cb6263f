package io.prolly.bench;

import io.prolly.CommitInfo;
import io.prolly.Prolly;
import io.prolly.Repository;
import java.util.List;
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
 * {@code Repository.log} of a branch of 100,000 commits on a persistent backend: the time to its
 * first entry and to its first page of ten, on a repository opened just before (so its node cache
 * is empty), against reading the whole history. Each measurement is one call.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 20)
@Fork(1)
@State(Scope.Benchmark)
public class LogBenchmark {

  /** Commits on the branch. */
  static final int COMMITS = 100_000;

  @Param({"lmdb"})
  public String backend;

  LongHistory history;
  Repository repository;

  @Setup(Level.Trial)
  public void makeHistory() {
    history = new LongHistory(backend, COMMITS);
    try (Repository check = Prolly.open(history.uri)) {
      if (check.log("main").count() != COMMITS) {
        throw new IllegalStateException("the history does not have " + COMMITS + " commits");
      }
    }
  }

  @Setup(Level.Invocation)
  public void open() {
    repository = Prolly.open(history.uri);
  }

  @TearDown(Level.Invocation)
  public void close() {
    repository.close();
  }

  @TearDown(Level.Trial)
  public void deleteHistory() {
    history.close();
  }

  /** The newest commit, as {@code prolly log} prints it first. */
  @Benchmark
  public CommitInfo firstEntry() {
    return repository.log("main").findFirst().orElseThrow();
  }

  /** A first page of ten. */
  @Benchmark
  public List<CommitInfo> firstTen() {
    return repository.log("main").limit(10).toList();
  }

  /** All 100,000 commits: what a log that read the history before its first entry would cost at least. */
  @Benchmark
  public long wholeHistory() {
    return repository.log("main").count();
  }
}

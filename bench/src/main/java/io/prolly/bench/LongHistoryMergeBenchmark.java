package io.prolly.bench;

import io.prolly.Codecs;
import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.Store;
import io.prolly.merge.MergeResult;
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
 * {@code Repository.merge} of a branch that forked from {@code main} one commit ago, on top of a
 * history of 100,000 commits: what finding the merge base and telling that neither side is an
 * ancestor of the other cost when the history is long. Before each merge both sides get a commit
 * of one key; each measurement is one merge, which makes a merge commit.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 20)
@Fork(1)
@State(Scope.Benchmark)
public class LongHistoryMergeBenchmark {

  @Param({"lmdb"})
  public String backend;

  LongHistory history;
  Repository repository;
  int round;

  @Setup(Level.Trial)
  public void makeHistory() {
    history = new LongHistory(backend, LogBenchmark.COMMITS);
    repository = Prolly.open(history.uri);
    repository.createBranch("side", "main");
  }

  @Setup(Level.Invocation)
  public void commitOnBothSides() {
    round++;
    commit("side", "side " + round);
    commit("main", "main " + round);
  }

  private void commit(String branch, String key) {
    Store<String> store = repository.store(branch, Codecs.utf8());
    store.set(key, "value");
    store.commit(key);
  }

  @TearDown(Level.Trial)
  public void deleteHistory() {
    repository.close();
    history.close();
  }

  /** The side branch merged into {@code main}: a merge commit, no conflict. */
  @Benchmark
  public MergeResult merge() {
    return repository.merge("side", "main");
  }
}

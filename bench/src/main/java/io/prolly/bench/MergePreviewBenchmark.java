package io.prolly.bench;

import io.prolly.Codecs;
import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.Store;
import io.prolly.merge.MergePreview;
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
 * A merge preview on the memory backend: a branch of {@code size} keys (16-byte keys, 100-byte
 * values) from which {@code side} changed {@code changed} keys and {@code main} another
 * {@code changed}, none of them the same. The preview runs the whole merge without writing, so its
 * cost should follow the changes, not the size of the branch.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class MergePreviewBenchmark {

  @Param("1000000")
  public int size;

  @Param({"100", "1000", "10000"})
  public int changed;

  private Repository repository;

  @Setup(Level.Trial)
  public void load() {
    repository = Prolly.inMemory();
    Store<byte[]> main = RepositoryBenchmark.loadMain(repository, size);
    repository.createBranch("side", "main");
    Store<byte[]> side = repository.store("side", Codecs.bytes());
    int stride = size / (2 * changed);
    for (int i = 0; i < changed; i++) {
      int ours = 2 * i * stride;
      int theirs = ours + stride;
      main.set(RepositoryBenchmark.key(ours), RepositoryBenchmark.value(ours, 1));
      side.set(RepositoryBenchmark.key(theirs), RepositoryBenchmark.value(theirs, 2));
    }
    main.commit("ours");
    side.commit("theirs");
  }

  @TearDown(Level.Trial)
  public void close() {
    repository.close();
  }

  /** Previews merging {@code side} into {@code main}: the outcome, every change counted, nothing written. */
  @Benchmark
  public MergePreview previewMerge() {
    return repository.previewMerge("side", "main");
  }
}

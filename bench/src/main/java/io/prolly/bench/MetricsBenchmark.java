package io.prolly.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.prolly.Codecs;
import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.Snapshot;
import io.prolly.Store;
import io.prolly.micrometer.ProllyMetrics;
import io.prolly.spi.Hash;
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
 * What metrics cost: a small commit and a point get on the memory backend, with no metrics
 * installed ({@code off}) and with {@code prolly-micrometer} bound to a {@link SimpleMeterRegistry}
 * ({@code on}). A branch of {@code size} keys (16-byte keys, 100-byte values); the commit changes
 * {@value #CHANGED} random keys, so that the per-commit work of metrics is a large share of it; the
 * get reads a random key through a snapshot, mostly from the node cache, where metrics count every
 * lookup. No flight recording runs, so the flight recorder events cost what a disabled event does.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class MetricsBenchmark {

  static final int CHANGED = 10;

  @Param({"off", "on"})
  public String metrics;

  @Param("100000")
  public int size;

  private Repository repository;
  private ProllyMetrics binding;
  private Store<byte[]> main;
  private Snapshot<byte[]> head;
  private Hash start;
  private SplittableRandom random;
  private int round;

  @Setup(Level.Trial)
  public void load() {
    repository = Prolly.inMemory();
    if (metrics.equals("on")) {
      binding = new ProllyMetrics(repository, "bench");
      binding.bindTo(new SimpleMeterRegistry());
    }
    main = RepositoryBenchmark.loadMain(repository, size);
    start = repository.resolve("main");
    head = repository.snapshot("main", Codecs.bytes());
    random = new SplittableRandom(7);
  }

  /** Drops the iteration's commits and collects them, so that the heap holds one branch. */
  @TearDown(Level.Iteration)
  public void dropIterationCommits() {
    repository.reset("main", start.toHex());
    repository.maintenance().gc();
    main = repository.store("main", Codecs.bytes());
  }

  @TearDown(Level.Trial)
  public void close() {
    if (binding != null) {
      binding.close();
    }
    repository.close();
  }

  /** Stages {@value #CHANGED} random updates and commits them. */
  @Benchmark
  public Hash commitTenChangedKeys() {
    round++;
    for (int i = 0; i < CHANGED; i++) {
      int index = random.nextInt(size);
      main.set(RepositoryBenchmark.key(index), RepositoryBenchmark.value(index, round));
    }
    return main.commit("change").id();
  }

  /** Reads a random key at the head. */
  @Benchmark
  public byte[] pointGet() {
    return head.get(RepositoryBenchmark.key(random.nextInt(size)));
  }
}

package io.prolly.cli;

import io.prolly.Codecs;
import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.Snapshot;
import io.prolly.Store;
import io.prolly.spi.StoreConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code prolly bench}: a quick, side-by-side timing of the backends in this process. It is a
 * rough look, not a benchmark: one run, no warm-up, on whatever else the machine is doing. The
 * JMH benchmarks in {@code bench/} are the careful figures.
 */
@Command(name = "bench", description = {"Times a bulk load, small commits and random reads on each backend, "
    + "side by side, in this process, in temporary folders.", "A quick look (one run, no warm-up), not a "
    + "benchmark: for careful figures see the JMH benchmarks in bench/ and docs/benchmarks.md. (--repo is not used.)"})
final class BenchCommand extends CliCommand {

  /** How much work one measurement does. */
  record Workload(int keys, int commits, int reads) {}

  /** One backend's figures. */
  record Result(String backend, double loadKeysPerSecond, double commitsPerSecond, double readsPerSecond,
      long storageBytes) {}

  @Option(names = "--backends", split = ",", paramLabel = "SCHEME", description = "Default: ${DEFAULT-VALUE}.")
  List<String> backends = new ArrayList<>(List.of("memory", "file", "lmdb", "rocksdb"));

  @Option(names = "--keys", paramLabel = "N", description = "Keys loaded in one commit. Default: ${DEFAULT-VALUE}.")
  int keys = 20_000;

  @Option(names = "--commits", paramLabel = "N", description = "Commits of one key each. Default: ${DEFAULT-VALUE}.")
  int commits = 100;

  @Option(names = "--reads", paramLabel = "N", description = "Random reads. Default: ${DEFAULT-VALUE}.")
  int reads = 20_000;

  @Override
  public Integer call() throws Exception {
    if (keys < 1 || commits < 1 || reads < 1) {
      throw new UserException(ExitCodes.USAGE, "--keys, --commits and --reads must be at least 1");
    }
    out().printf("Quick measurement, not a benchmark: one run per backend in this JVM after a short warm-up, "
        + "%,d keys, %,d commits, %,d reads.%nFigures move between runs; see bench/ (JMH) and docs/benchmarks.md "
        + "for careful ones.%n%n", keys, commits, reads);
    out().flush();
    Workload workload = new Workload(keys, commits, reads);
    List<Result> results = new ArrayList<>();
    try (TemporaryFolder folder = TemporaryFolder.create("prolly-bench-");
        Progress progress = progress("bench", backends.size() * 3L + 3)) {
      progress.message("warm-up");
      // A tenth of the work on the memory backend first, so that the first backend measured does
      // not pay for the JIT compiling the tree code alone.
      measure("memory", folder.path(), new Workload(Math.max(1, keys / 10), Math.max(1, commits / 10),
          Math.max(1, reads / 10)), progress);
      for (String backend : backends) {
        progress.message(backend);
        results.add(measure(backend, folder.path().resolve(backend), workload, progress));
      }
    }
    Table table = new Table().row("backend", "bulk load keys/s", "commits/s", "random reads/s", "storage bytes");
    results.forEach(result -> table.row(result.backend(), rate(result.loadKeysPerSecond()),
        rate(result.commitsPerSecond()), rate(result.readsPerSecond()), String.format("%,d", result.storageBytes())));
    table.print(out());
    return ExitCodes.OK;
  }

  private static Result measure(String backend, Path location, Workload workload, Progress progress) {
    StoreConfig config = backend.equals("memory")
        ? StoreConfig.builder(backend).build()
        : StoreConfig.builder(backend).location(location).build();
    try (Repository repository = Prolly.open(config)) {
      Store<String> store = repository.store("main", Codecs.utf8());
      long start = System.nanoTime();
      for (int i = 0; i < workload.keys(); i++) {
        store.set(key(i), "value " + i);
      }
      store.commit("load");
      double load = perSecond(workload.keys(), start);
      progress.step();

      start = System.nanoTime();
      for (int i = 0; i < workload.commits(); i++) {
        store.set(key(i), "changed " + i);
        store.commit("change " + i);
      }
      double commitRate = perSecond(workload.commits(), start);
      progress.step();

      Snapshot<String> snapshot = repository.snapshot("main", Codecs.utf8());
      SplittableRandom random = new SplittableRandom(42);
      start = System.nanoTime();
      long found = 0;
      for (int i = 0; i < workload.reads(); i++) {
        found += snapshot.get(key(random.nextInt(workload.keys()))) == null ? 0 : 1;
      }
      double readRate = perSecond(workload.reads(), start);
      progress.step();
      if (found != workload.reads()) {
        throw new IllegalStateException(backend + ": " + (workload.reads() - found)
            + " reads missed keys just written");
      }
      return new Result(backend, load, commitRate, readRate, repository.maintenance().stats().storageBytes());
    }
  }

  private static String key(int i) {
    return String.format("key-%08d", i);
  }

  private static double perSecond(long count, long startNanos) {
    return count * 1e9 / Math.max(1, System.nanoTime() - startNanos);
  }

  private static String rate(double perSecond) {
    return String.format("%,.0f", perSecond);
  }
}

package io.prolly.demo;

import io.prolly.error.ProllyException;
import io.prolly.CommitInfo;
import io.prolly.CommitResult;
import io.prolly.Codecs;
import io.prolly.GcReport;
import io.prolly.KeyChange;
import io.prolly.merge.MergeFn;
import io.prolly.merge.MergeResult;
import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.Snapshot;
import io.prolly.Store;
import io.prolly.VerifyReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * A tour of Prolly: a repository on the default embedded backend, a bulk load, commits, a
 * branch, writers committing to one branch at once and merged automatically, a diff, a branch
 * merge, time travel, a check of every stored node and a garbage collection, each step timed. By
 * default it works in a new temporary folder, deleted afterwards; give a store URI (such as
 * {@code memory:} or {@code lmdb:/tmp/demo}) to use another. The {@code prolly demo} command runs
 * the same tour through {@link #tour(Repository, PrintWriter)}.
 */
public final class Demo {

  private static final int ORDERS = 100_000;
  private static final int WRITERS = 4;
  private static final int COMMITS_PER_WRITER = 25;

  private final PrintWriter out;

  private Demo(PrintWriter out) {
    this.out = out;
  }

  /**
   * Runs the tour.
   *
   * @param args optional store URI
   * @throws Exception if a step fails
   */
  public static void main(String[] args) throws Exception {
    PrintWriter out = new PrintWriter(System.out, true);
    if (args.length > 0) {
      try (Repository repository = Prolly.open(args[0])) {
        tour(repository, out);
      }
      return;
    }
    Path folder = Files.createTempDirectory("prolly-demo-");
    try (Repository repository = Prolly.open(folder.resolve("demo.prolly"))) {
      out.println("Repository: " + folder.resolve("demo.prolly") + " (file backend, the default)");
      tour(repository, out);
    } finally {
      try (Stream<Path> files = Files.walk(folder)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  /**
   * Runs the tour in a repository, printing each step and its time. The repository should be
   * empty: the tour writes branch {@code main} (100,000 orders, then {@code what-if} merged into it,
   * and the counter {@code stats/visits}) and branch {@code what-if}, and leaves them for the caller
   * to look at. Not thread-safe: run one tour per repository at a time.
   *
   * @param repository an empty repository; left open
   * @param out where the steps are printed
   * @throws Exception if a step fails, such as a {@link io.prolly.error.ProllyException} from the store
   */
  public static void tour(Repository repository, PrintWriter out) throws Exception {
    new Demo(out).run(repository);
  }

  private void run(Repository repository) throws Exception {
    Store<String> orders = repository.store("main", Codecs.utf8());
    CommitResult imported = step("Stage " + String.format("%,d", ORDERS) + " orders and commit them at once", () -> {
      for (int i = 0; i < ORDERS; i++) {
        orders.set(String.format("order-%06d", i), "3 widgets, open");
      }
      return orders.commit("import orders");
    });
    out.printf("  main -> %s, %,d orders, %,d nodes stored%n",
        imported.id().toShortHex(), orders.size(), repository.maintenance().stats().nodeCount());

    step("Change 100 orders and one in namespace 'eu', commit: only touched paths are written", () -> {
      long nodesBefore = repository.maintenance().stats().nodeCount();
      for (int i = 0; i < ORDERS; i += ORDERS / 100) {
        orders.set(String.format("order-%06d", i), "3 widgets, shipped");
      }
      orders.namespace("eu").set("order-eu-1", "1 widget, open");
      orders.commit("ship 100 orders");
      out.printf("  %,d new nodes for 101 changed keys%n", repository.maintenance().stats().nodeCount() - nodesBefore);
      return null;
    });

    step("Create branch 'what-if' (one ref write) and cancel its first ten orders", () -> {
      repository.createBranch("what-if", "main");
      Store<String> whatIf = repository.store("what-if", Codecs.utf8());
      whatIf.keys().limit(10).toList().forEach(key -> whatIf.set(key, "cancelled"));
      whatIf.commit("cancel the first ten");
      return null;
    });

    step(WRITERS + " writers commit " + COMMITS_PER_WRITER + " times each to 'main' at once; the counter adds up",
        () -> concurrentCounters(repository));
    Snapshot<Long> counters = repository.snapshot("main", Codecs.longs()).namespace("stats");
    out.printf("  stats/visits = %d (expected %d), %d commits on main%n", counters.get("visits"),
        WRITERS * COMMITS_PER_WRITER, repository.log("main").count());

    step("Diff main~" + (WRITERS * COMMITS_PER_WRITER) + " (after shipping) against 'what-if'", () -> {
      try (Stream<KeyChange<String>> changes =
          repository.diff("main~" + (WRITERS * COMMITS_PER_WRITER), "what-if", Codecs.utf8())) {
        changes.limit(3).forEach(change -> out.println("  " + change));
      }
      return null;
    });

    MergeResult merge = step("Merge 'what-if' into main", () -> repository.merge("what-if", "main"));
    out.println("  " + merge.kind() + " -> " + merge.commit().toShortHex());

    step("Time travel: read main as it was right after the import", () -> {
      Snapshot<String> then = repository.snapshot(imported.id().toHex(), Codecs.utf8());
      out.println("  order-000000 then: " + then.get("order-000000") + "; now: "
          + repository.snapshot("main", Codecs.utf8()).get("order-000000"));
      return null;
    });

    VerifyReport verified = step("Verify: read back and check every node reachable from a branch or tag",
        repository.maintenance()::verify);
    out.printf("  %s: %,d commits, %,d nodes, %,d bytes checked%n",
        verified.isClean() ? "clean" : verified.problems().size() + " problem(s)", verified.commitsChecked(),
        verified.nodesChecked(), verified.bytesChecked());

    step("Collect garbage: delete every node no branch or tag reaches", () -> {
      GcReport collected = repository.maintenance().gc();
      out.printf("  %,d nodes deleted, %,d left%n", collected.nodesDeleted(), collected.nodesAfter());
      return null;
    });

    out.println("Newest commits on main:");
    repository.log("main").limit(3).map(CommitInfo::toString).forEach(line -> out.println("  " + line));
  }

  private static Void concurrentCounters(Repository repository) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        writers.add(pool.submit(() -> {
          Store<Long> stats = repository.store("main", Codecs.longs()).namespace("stats");
          stats.setMergeFn("visits", MergeFn.counter());
          for (int i = 0; i < COMMITS_PER_WRITER; i++) {
            stats.set("visits", stats.getOrDefault("visits", 0L) + 1);
            stats.commit("visit from writer " + writer);
          }
          return null;
        }));
      }
      for (Future<?> writer : writers) {
        writer.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return null;
  }

  private <T> T step(String title, Step<T> action) throws Exception {
    out.println(title);
    long start = System.nanoTime();
    T result = action.run();
    out.printf("  (%,d ms)%n", (System.nanoTime() - start) / 1_000_000);
    return result;
  }

  /** One timed step of the tour. */
  @FunctionalInterface
  private interface Step<T> {
    T run() throws Exception;
  }

}

package io.prolly.tck.repository;

import static io.prolly.tck.repository.MergeRules.commit;
import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.Codecs;
import io.prolly.GcReport;
import io.prolly.merge.MergeFn;
import io.prolly.Repository;
import io.prolly.Snapshot;
import io.prolly.Store;
import io.prolly.VerifyReport;
import io.prolly.tck.BackendFixture;
import io.prolly.tck.Contract;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Garbage collection deletes exactly what no ref reaches, also while others commit. */
abstract class GcRules extends RulesBase {

  GcRules(BackendFixture fixture) {
    super(fixture);
  }

  @Contract(value = "gc deletes every node that no branch, tag or live store reaches any more (Maintenance.gc).",
      catches = "a backend whose forEachNode misses nodes, or whose delete is ignored, so garbage stays")
  @Example
  void nodesOfDroppedCommitsAreDeletedAndEverythingReachableStays() {
    Repository repository = newRepository();
    Store<byte[]> store = repository.store("main", Codecs.bytes());
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 2_000; i++) {
      store.set("k" + i, bytes(random, 100));
    }
    store.set("blob", bytes(random, 1 << 20));
    store.commit("kept");
    Map<String, byte[]> kept = contents(repository.snapshot("main", Codecs.bytes()));
    long keptNodes = repository.maintenance().stats().nodeCount();
    repository.createBranch("doomed", "main");
    Store<byte[]> doomed = repository.store("doomed", Codecs.bytes());
    for (int i = 0; i < 2_000; i += 7) {
      doomed.set("k" + i, bytes(random, 100));
    }
    doomed.set("other blob", bytes(random, 1 << 20));
    doomed.commit("dropped later");
    assertThat(repository.maintenance().gc().nodesDeleted()).as("nothing is garbage yet").isZero();
    repository.deleteBranch("doomed");
    GcReport report = repository.maintenance().gc();
    assertThat(report.nodesDeleted()).isPositive();
    assertThat(report.nodesAfter()).isEqualTo(keptNodes);
    assertThat(report.bytesFreed()).isGreaterThan(1 << 20);
    assertThat(contents(repository.snapshot("main", Codecs.bytes()))).containsExactlyInAnyOrderEntriesOf(kept);
    assertThat(repository.maintenance().gc().nodesDeleted()).as("a second collection finds nothing").isZero();
    assertThat(repository.maintenance().verify().problems()).isEmpty();
  }

  /** One step of a random history. */
  record Step(int kind, int branch, int key, int value) {}

  @Contract(value = "gc deletes exactly the nodes that no branch, tag or live store reaches any more "
      + "(Maintenance.gc).",
      catches = "a node still reachable through a tag or another branch deleted with a dropped commit")
  @Property(tries = 25)
  void afterRandomHistoriesExactlyTheReachableNodesRemain(
      @ForAll @Size(min = 1, max = 40) List<@From("steps") Step> steps) {
    Repository repository = newRepository();
    commit(repository, "main", Map.of("seed", "0"));
    List<String> branches = List.of("main", "b1", "b2", "b3");
    for (Step step : steps) {
      String branch = branches.get(step.branch());
      boolean exists = repository.branches().containsKey(branch);
      switch (step.kind()) {
        case 0, 1, 2 -> {
          if (exists) {
            commit(repository, branch, Map.of("k" + step.key(), "v" + step.value(), "n/k" + step.value(), "x"));
          }
        }
        case 3 -> {
          if (!exists) {
            repository.createBranch(branch, "main");
          }
        }
        case 4 -> {
          if (exists && !branch.equals("main")) {
            repository.deleteBranch(branch);
          }
        }
        default -> {
          if (exists && repository.log(branch).count() > 1) {
            repository.reset(branch, branch + "~1");
          }
        }
      }
    }
    Map<String, Map<String, String>> before = new HashMap<>();
    repository.branches().keySet().forEach(branch -> before.put(branch, everything(repository, branch)));
    repository.maintenance().gc();
    VerifyReport report = repository.maintenance().verify();
    assertThat(report.problems()).isEmpty();
    assertThat(repository.maintenance().stats().nodeCount()).as("nodes left = commits + tree nodes reachable from the refs")
        .isEqualTo(report.commitsChecked() + report.nodesChecked());
    before.forEach((branch, contents) -> assertThat(everything(repository, branch)).isEqualTo(contents));
  }

  @Provide
  Arbitrary<Step> steps() {
    return Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 3),
        Arbitraries.integers().between(0, 20), Arbitraries.integers().between(0, 3)).as(Step::new);
  }

  private static Map<String, String> everything(Repository repository, String branch) {
    Snapshot<String> snapshot = repository.snapshot(branch, Codecs.utf8());
    Map<String, String> contents = new HashMap<>(contents(snapshot));
    snapshot.namespaces().forEach(ns -> contents(snapshot.namespace(ns)).forEach((k, v) -> contents.put(ns + "/" + k, v)));
    return contents;
  }

  @Contract(value = "gc is safe while other threads read and commit through this repository: each deletion batch "
      + "waits for the write transactions in flight and brings the mark up to date (Maintenance.gc).",
      catches = "a ref set to its own value not checked at commit, so a write overlapping a deletion batch commits "
      + "a tree whose nodes were deleted")
  @Example
  void collectingWhileOthersCommitLosesNothing() throws Exception {
    Repository repository = newRepository();
    commit(repository, "main", Map.of("seed", "0"));
    int writers = 4;
    int commits = 50;
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        work.add(pool.submit(() -> {
          Store<Long> store = repository.store("main", Codecs.longs());
          store.setMergeFn("total", MergeFn.counter());
          SplittableRandom random = new SplittableRandom(writer);
          for (int i = 0; i < commits; i++) {
            store.set("total", store.getOrDefault("total", 0L) + 1);
            store.namespace("w" + writer).set("k" + random.nextInt(50), (long) i);
            store.commit("writer " + writer + " commit " + i);
            if (i % 10 == 0) {
              // Make garbage: a branch that is dropped again.
              repository.createBranch("tmp-" + writer + "-" + i, "main");
              Store<Long> scratch = repository.store("tmp-" + writer + "-" + i, Codecs.longs());
              scratch.set("scratch", (long) i);
              scratch.commit("scratch");
              repository.deleteBranch("tmp-" + writer + "-" + i);
            }
          }
          return null;
        }));
      }
      Future<Long> collector = pool.submit(() -> collectUntil(done, repository));
      for (Future<?> writer : work) {
        writer.get();
      }
      done.set(true);
      assertThat(collector.get()).isPositive();
    } finally {
      pool.shutdownNow();
    }
    repository.maintenance().gc();
    Snapshot<Long> result = repository.snapshot("main", Codecs.longs());
    assertThat(result.get("total")).isEqualTo((long) writers * commits);
    Map<String, Long> everything = new HashMap<>();
    result.descendantKeys().forEach(key -> everything.put(key, 0L));
    assertThat(everything).hasSizeGreaterThan(writers);
    assertThat(repository.log("main").count()).isEqualTo(1 + (long) writers * commits);
    assertThat(repository.maintenance().verify().problems()).as("every commit of every ref intact").isEmpty();
  }

  @Contract(value = "Each deletion batch brings the mark up to date before it deletes, so nodes that a commit made "
      + "reachable again during the collection are kept (Maintenance.gc).",
      catches = "a mark taken once at the start, deleting a node a concurrent commit reused")
  @Example
  void nodesThatBecomeReachableAgainDuringACollectionAreKept() throws Exception {
    Repository repository = newRepository();
    Store<String> store = repository.store("main", Codecs.utf8());
    store.set("start", "0");
    store.commit("start");
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Long> collector = pool.submit(() -> collectUntil(done, repository));
      // Each round drops a commit, making its nodes garbage, then commits the same content again, so
      // a collection that marked before the new commit must not delete what the commit reuses.
      for (int round = 0; round < 300; round++) {
        Store<String> writer = repository.store("main", Codecs.utf8());
        for (int i = 0; i < 300; i++) {
          writer.namespace("n").set("key-" + i, "state " + round % 3 + " of key " + i);
        }
        writer.commit("round " + round);
        repository.reset("main", "main~1");
        writer = repository.store("main", Codecs.utf8());
        for (int i = 0; i < 300; i++) {
          writer.namespace("n").set("key-" + i, "state " + round % 3 + " of key " + i);
        }
        writer.commit("round " + round + " again");
      }
      done.set(true);
      assertThat(collector.get()).isPositive();
    } finally {
      pool.shutdownNow();
    }
    repository.maintenance().gc();
    assertThat(repository.maintenance().verify().problems()).as("every commit of every ref intact").isEmpty();
    repository.log("main").forEach(commit -> assertThat(
        repository.snapshot(commit.id().toHex(), Codecs.utf8()).descendantKeys().count()).isPositive());
  }

  /** Collects garbage again and again until {@code done} is set; returns how many collections ran. */
  private static long collectUntil(AtomicBoolean done, Repository repository) {
    long collections = 0;
    while (!done.get()) {
      repository.maintenance().gc();
      collections++;
    }
    return collections;
  }

  private static byte[] bytes(SplittableRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}

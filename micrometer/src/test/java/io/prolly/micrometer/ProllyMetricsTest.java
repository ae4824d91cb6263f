package io.prolly.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.prolly.BundleReport;
import io.prolly.Codecs;
import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.SmallCache;
import io.prolly.Snapshot;
import io.prolly.Store;
import io.prolly.SyncReport;
import io.prolly.Verdict;
import io.prolly.error.MergeConflictException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each meter moves as the operation it measures runs, read back from a {@link SimpleMeterRegistry}. */
class ProllyMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<AutoCloseable> opened = new ArrayList<>();
  private Repository repository;

  @BeforeEach
  void bind() {
    repository = open(Prolly.inMemory(), "orders");
  }

  @AfterEach
  void closeEverything() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  @Test
  void commitsAreTimedByOutcomeAndTheirAttemptsCounted() {
    commit(repository.store("main", Codecs.utf8()), "a", "1");

    Timer committed = timer("prolly.commit", "outcome", "committed");
    assertThat(committed.count()).isEqualTo(1);
    assertThat(committed.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
    assertThat(committed.getId().getTag("repository")).isEqualTo("orders");
    assertThat(committed.getId().getTag("backend")).isEqualTo("memory");
    assertThat(committed.getId().getTag("branch")).as("no branch tag").isNull();
    assertThat(registry.get("prolly.commit.attempts").summary().totalAmount()).isEqualTo(1);
    assertThat(counter("prolly.backend.nodes.written")).as("a leaf, the registry and the commit")
        .isGreaterThanOrEqualTo(3);
    assertThat(counter("prolly.backend.bytes.written")).isGreaterThan(counter("prolly.backend.nodes.written"));
  }

  @Test
  void aLostRaceIsCountedAndTheCommitThatLostItTriedTwice() {
    commit(repository.store("main", Codecs.utf8()), "a", "1");
    AtomicBoolean fired = new AtomicBoolean();
    // Commits to main from inside the next commit, after it read the head and before it lands.
    repository.addValidator("main", "racer", change -> {
      if (fired.compareAndSet(false, true)) {
        commit(repository.store("main", Codecs.utf8()), "racer", "won");
      }
      return Verdict.accept();
    });
    assertThat(counter("prolly.cas.lost")).isZero();

    commit(repository.store("main", Codecs.utf8()), "b", "2");

    assertThat(counter("prolly.cas.lost")).isEqualTo(1);
    assertThat(registry.get("prolly.commit.attempts").summary().max()).isEqualTo(2);
    assertThat(timer("prolly.commit", "outcome", "merged").count()).as("the retry merged with the racer").isEqualTo(1);
    assertThat(timer("prolly.merge", "origin", "commit", "outcome", "merged").count()).isEqualTo(1);
  }

  @Test
  void mergesAreTimedByOriginAndOutcomeWithAndWithoutConflict() {
    commit(repository.store("main", Codecs.utf8()), "k", "base");
    repository.createBranch("feature", "main");
    commit(repository.store("feature", Codecs.utf8()), "f", "1");
    commit(repository.store("main", Codecs.utf8()), "m", "1");
    repository.merge("feature", "main");
    assertThat(timer("prolly.merge", "origin", "branch", "outcome", "merged").count()).isEqualTo(1);

    commit(repository.store("feature", Codecs.utf8()), "k", "feature");
    commit(repository.store("main", Codecs.utf8()), "k", "main");
    assertThatThrownBy(() -> repository.merge("feature", "main")).isInstanceOf(MergeConflictException.class);
    assertThat(timer("prolly.merge", "origin", "branch", "outcome", "conflict").count()).isEqualTo(1);

    Store<String> behind = repository.store("main", Codecs.utf8());
    commit(repository.store("main", Codecs.utf8()), "k", "ours");
    behind.set("k", "theirs");
    assertThatThrownBy(() -> behind.commit("conflict")).isInstanceOf(MergeConflictException.class);
    assertThat(timer("prolly.commit", "outcome", "conflict").count()).isEqualTo(1);
    assertThat(timer("prolly.merge", "origin", "commit", "outcome", "conflict").count()).isEqualTo(1);
    assertThat(timer("prolly.merge", "origin", "branch", "outcome", "fast_forward").count()).isZero();
  }

  @Test
  void readsMissTheCacheAndReadTheBackendOnceThenHitIt() {
    Store<String> store = repository.store("main", Codecs.utf8());
    for (int i = 0; i < 100; i++) {
      store.set("key" + i, "value" + i);
    }
    store.commit("hundred");
    double missesBefore = counter("prolly.cache.gets", "result", "miss");
    double readBefore = counter("prolly.backend.nodes.read");

    Snapshot<String> snapshot = repository.snapshot("main", Codecs.utf8());
    assertThat(snapshot.get("key7")).isEqualTo("value7");
    double misses = counter("prolly.cache.gets", "result", "miss") - missesBefore;
    assertThat(misses).as("the nodes on the path to the key").isPositive();
    assertThat(counter("prolly.backend.nodes.read") - readBefore).isGreaterThanOrEqualTo(misses);
    assertThat(counter("prolly.backend.bytes.read")).isPositive();
    assertThat(gauge("prolly.cache.size")).isPositive();
    assertThat(gauge("prolly.cache.bytes")).isPositive();

    double hitsBefore = counter("prolly.cache.gets", "result", "hit");
    double readAfterFirst = counter("prolly.backend.nodes.read");
    assertThat(snapshot.get("key7")).isEqualTo("value7");
    assertThat(counter("prolly.cache.gets", "result", "hit") - hitsBefore).isPositive();
    assertThat(counter("prolly.backend.nodes.read")).as("hits read nothing").isEqualTo(readAfterFirst);
    assertThat(gauge("prolly.cache.hit.ratio")).isStrictlyBetween(0.0, 1.0)
        .isEqualTo(repository.maintenance().cacheStats().hitRate());
  }

  @Test
  void aFullCacheCountsWhatItDrops() {
    Repository small = open(SmallCache.inMemory(16 * 1024), "small");
    Store<String> store = small.store("main", Codecs.utf8());
    for (int i = 0; i < 2_000; i++) {
      store.set("key" + i, "value " + i + " ".repeat(100));
    }
    store.commit("more than the cache holds");

    small.snapshot("main", Codecs.utf8()).entries().forEach(entry -> { });

    assertThat(counter("prolly.cache.evictions", "repository", "small")).isPositive();
    assertThat(counter("prolly.cache.eviction.weight", "repository", "small"))
        .isGreaterThan(counter("prolly.cache.evictions", "repository", "small"));
    assertThat(registry.get("prolly.cache.bytes").tag("repository", "small").gauge().value())
        .isLessThanOrEqualTo(registry.get("prolly.cache.max.bytes").tag("repository", "small").gauge().value());
  }

  @Test
  void aCollectionIsTimedCountsWhatItDeletedAndShowsWhileItRuns() {
    commit(repository.store("main", Codecs.utf8()), "k", "v");
    repository.createBranch("doomed", "main");
    commit(repository.store("doomed", Codecs.utf8()), "d", "gone soon");
    repository.deleteBranch("doomed");
    List<Double> runningSeen = new ArrayList<>();
    repository.setProgressListener((operation, phase, done, total) -> runningSeen.add(gauge("prolly.gc.running")));
    assertThat(gauge("prolly.gc.running")).isZero();

    long deleted = repository.maintenance().gc().nodesDeleted();

    assertThat(deleted).isPositive();
    assertThat(runningSeen).isNotEmpty().containsOnly(1.0);
    assertThat(gauge("prolly.gc.running")).isZero();
    assertThat(timer("prolly.gc", "outcome", "completed").count()).isEqualTo(1);
    assertThat(counter("prolly.gc.nodes.deleted")).isEqualTo(deleted);
  }

  @Test
  void aVerificationIsTimedWithWhatItChecked() {
    commit(repository.store("main", Codecs.utf8()), "k", "v");

    long nodes = repository.maintenance().verify().nodesChecked();

    assertThat(timer("prolly.verify", "result", "sound").count()).isEqualTo(1);
    assertThat(timer("prolly.verify", "result", "problems").count()).isZero();
    assertThat(counter("prolly.verify.nodes")).isEqualTo(nodes).isPositive();
    assertThat(counter("prolly.verify.problems")).isZero();
  }

  @Test
  void pushesAndBundlesCountTheNodesAndBytesTheyMoved() {
    commit(repository.store("main", Codecs.utf8()), "k", "v");
    Repository remote = open(Prolly.inMemory(), "remote");

    SyncReport pushed = repository.transfer().push(remote, "main");
    assertThat(counter("prolly.transfer.bytes", "repository", "orders", "kind", "push"))
        .isEqualTo(pushed.bytesTransferred()).isPositive();
    assertThat(counter("prolly.transfer.nodes", "repository", "orders", "kind", "push"))
        .isEqualTo(pushed.nodesTransferred());
    assertThat(timer("prolly.transfer", "repository", "orders", "kind", "push").count()).isEqualTo(1);
    assertThat(counter("prolly.backend.nodes.written", "repository", "remote")).as("what the remote received")
        .isEqualTo(pushed.nodesTransferred());

    ByteArrayOutputStream bundle = new ByteArrayOutputStream();
    BundleReport exported = repository.transfer().exportBundle(bundle);
    assertThat(counter("prolly.transfer.bytes", "repository", "orders", "kind", "bundle_export"))
        .isEqualTo(exported.nodeBytes());
    Repository target = open(Prolly.inMemory(), "target");
    BundleReport imported = target.transfer().importBundle(new ByteArrayInputStream(bundle.toByteArray()));
    assertThat(counter("prolly.transfer.nodes", "repository", "target", "kind", "bundle_import"))
        .isEqualTo(imported.nodes()).isEqualTo(exported.nodes());
  }

  @Test
  void closingUninstallsTheRecorderAndRemovesTheMeters() throws Exception {
    Repository other = Prolly.inMemory();
    opened.add(other);
    ProllyMetrics metrics = new ProllyMetrics(other, "closing");
    metrics.bindTo(registry);
    assertThatThrownBy(() -> metrics.bindTo(registry)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already bound");
    commit(other.store("main", Codecs.utf8()), "k", "v");
    assertThat(registry.find("prolly.commit").tag("repository", "closing").timer().count()).isEqualTo(1);

    metrics.close();
    commit(other.store("main", Codecs.utf8()), "k", "w");

    assertThat(registry.find("prolly.commit").tag("repository", "closing").meters()).isEmpty();
    assertThat(registry.find("prolly.commit").tag("repository", "orders").meters()).as("others stay").isNotEmpty();
    metrics.bindTo(registry);
    assertThat(registry.find("prolly.commit").tag("repository", "closing").timer().count()).as("a fresh start")
        .isZero();
    metrics.close();
  }

  @Test
  void badArgumentsAreRefusedWithTheirName() {
    assertThatThrownBy(() -> new ProllyMetrics(null, "x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("repository");
    assertThatThrownBy(() -> new ProllyMetrics(repository, " ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name");
    assertThatThrownBy(() -> new ProllyMetrics(repository, "x").bindTo(null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("registry");
  }

  private Repository open(Repository opening, String name) {
    opened.add(opening);
    ProllyMetrics metrics = new ProllyMetrics(opening, name);
    metrics.bindTo(registry);
    opened.add(metrics);
    return opening;
  }

  private static void commit(Store<String> store, String key, String value) {
    store.set(key, value);
    store.commit("set " + key);
  }

  private Timer timer(String name, String... tags) {
    return registry.get(name).tags(withRepository(tags)).timer();
  }

  private double counter(String name, String... tags) {
    return registry.get(name).tags(withRepository(tags)).counters().stream().mapToDouble(Counter::count).sum();
  }

  private double gauge(String name) {
    Gauge gauge = registry.get(name).tag("repository", "orders").gauge();
    return gauge.value();
  }

  /** The tags asked for, and repository=orders unless they name another. */
  private static String[] withRepository(String... tags) {
    for (int i = 0; i < tags.length; i += 2) {
      if (tags[i].equals("repository")) {
        return tags;
      }
    }
    String[] more = java.util.Arrays.copyOf(tags, tags.length + 2);
    more[tags.length] = "repository";
    more[tags.length + 1] = "orders";
    return more;
  }
}

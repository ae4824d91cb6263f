package io.prolly.tck.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.CommitInfo;
import io.prolly.CommitResult;
import io.prolly.Codecs;
import io.prolly.merge.MergeFn;
import io.prolly.Repository;
import io.prolly.Snapshot;
import io.prolly.Store;
import io.prolly.spi.Hash;
import io.prolly.tck.BackendFixture;
import io.prolly.tck.Contract;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import net.jqwik.api.Example;

/** Many stores committing to one branch at once: ref compare-and-set plus merge loses nothing. */
abstract class ConcurrencyRules extends RulesBase {

  private static final int THREADS = 8;
  private static final int INCREMENTS = 500;
  private static final List<String> COUNTERS = List.of("hits", "misses");

  ConcurrencyRules(BackendFixture fixture) {
    super(fixture);
  }

  @Contract(value = "Every change of a branch is a compare-and-set of its ref in one store transaction, so "
      + "concurrent writers never lose each other's commits (Repository).",
      catches = "a backend whose commit does not check ref expectations, so two stores' commits both land and one "
      + "is lost")
  @Example
  void concurrentCounterCommitsLoseNoIncrementAndNoCommit() throws Exception {
    Repository repository = newRepository();
    Set<Hash> acknowledged = ConcurrentHashMap.newKeySet();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        writers.add(pool.submit(() -> {
          Store<Long> store = repository.store("main", Codecs.longs());
          COUNTERS.forEach(key -> store.setMergeFn(key, MergeFn.counter()));
          start.await();
          for (int i = 0; i < INCREMENTS; i++) {
            for (String key : COUNTERS) {
              store.set(key, store.getOrDefault(key, 0L) + 1);
            }
            store.set("writer-" + thread, (long) i + 1);
            CommitResult result = store.commit("increment " + i + " by writer " + thread);
            acknowledged.add(result.id());
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> writer : writers) {
        writer.get();
      }
    } finally {
      pool.shutdownNow();
    }
    Snapshot<Long> result = repository.snapshot("main", Codecs.longs());
    for (String key : COUNTERS) {
      assertThat(result.get(key)).as("every increment of %s by every writer", key).isEqualTo((long) THREADS * INCREMENTS);
    }
    for (int thread = 0; thread < THREADS; thread++) {
      assertThat(result.get("writer-" + thread)).as("writer %d's own key", thread).isEqualTo((long) INCREMENTS);
    }
    Set<Hash> logged = repository.log("main").map(CommitInfo::id).collect(Collectors.toSet());
    assertThat(logged).as("every acknowledged commit is in the log").containsAll(acknowledged);
    assertThat(logged).hasSize(THREADS * INCREMENTS);
  }
}

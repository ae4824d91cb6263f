package io.prolly.tck.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.Codecs;
import io.prolly.LiveStore;
import io.prolly.merge.MergeFn;
import io.prolly.Repository;
import io.prolly.tck.BackendFixture;
import io.prolly.tck.Contract;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.Example;

/** Stores without history: writes are visible at once to every live store of the same name. */
abstract class LiveRules extends RulesBase {

  LiveRules(BackendFixture fixture) {
    super(fixture);
  }

  @Contract(value = "Each set and remove of a live store is applied and made durable at once, and every read sees "
      + "the latest writes of all live stores of that name; live stores never appear in branches() (LiveStore, "
      + "Repository.live).",
      catches = "a live store that caches reads, or that shows up as a branch")
  @Example
  void writesAreVisibleAtOnceToEveryLiveStoreOfTheSameName() {
    Repository repository = newRepository();
    LiveStore<String> writer = repository.live("cache", Codecs.utf8());
    LiveStore<String> reader = repository.live("cache", Codecs.utf8());
    writer.set("a", "1");
    writer.namespace("n").set("b", "2");
    assertThat(reader.get("a")).isEqualTo("1");
    assertThat(reader.namespace("n").get("b")).isEqualTo("2");
    assertThat(writer.remove("a")).isTrue();
    assertThat(reader.contains("a")).isFalse();
    assertThat(repository.branches()).as("live stores are not branches").isEmpty();
    assertThatThrownBy(() -> writer.set("k", null)).isInstanceOf(IllegalArgumentException.class);
    assertThat(reader.keys()).isEmpty();
  }

  @Contract(value = "Writers racing on the same key settle by last writer wins unless a MergeFn is set; "
      + "MergeFn.counter() makes concurrent set(k, get(k) + 1) add up (LiveStore).",
      catches = "a ref compare-and-set that lets two racing writes both land from the same old value")
  @Example
  void concurrentLiveIncrementsAddUpWithTheCounterMergeFunction() throws Exception {
    Repository repository = newRepository();
    int threads = 4;
    int increments = 100;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        writers.add(pool.submit(() -> {
          LiveStore<Long> counters = repository.live("counters", Codecs.longs());
          counters.setMergeFn("n", MergeFn.counter());
          for (int i = 0; i < increments; i++) {
            counters.set("n", counters.getOrDefault("n", 0L) + 1);
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
    assertThat(repository.live("counters", Codecs.longs()).get("n")).isEqualTo((long) threads * increments);
  }
}

package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Example;

class NodeCacheStatsTest {

  private static final long MIB = 1L << 20;

  @Example
  void theDefaultSizeIsAnEighthOfTheHeapBetween16MiBAnd1GiB() {
    assertThat(Prolly.defaultNodeCacheSize(32 * MIB)).isEqualTo(16 * MIB);
    assertThat(Prolly.defaultNodeCacheSize(128 * MIB)).isEqualTo(16 * MIB);
    assertThat(Prolly.defaultNodeCacheSize(512 * MIB)).isEqualTo(64 * MIB);
    assertThat(Prolly.defaultNodeCacheSize(2048 * MIB)).isEqualTo(256 * MIB);
    assertThat(Prolly.defaultNodeCacheSize(6000 * MIB)).isEqualTo(750 * MIB);
    assertThat(Prolly.defaultNodeCacheSize(8192 * MIB)).isEqualTo(1024 * MIB);
    assertThat(Prolly.defaultNodeCacheSize(64 * 1024 * MIB)).isEqualTo(1024 * MIB);
    assertThat(Prolly.defaultNodeCacheSize(Long.MAX_VALUE)).isEqualTo(1024 * MIB); // no -Xmx limit at all
  }

  @Example
  void aRepositoryGetsTheDefaultOfThisHeapUnlessTheUriSetsTheSize() {
    long expected = Prolly.defaultNodeCacheSize(Runtime.getRuntime().maxMemory());
    assertThat(Prolly.NODE_CACHE_SIZE.defaultValue()).isEqualTo(expected);
    try (Repository repository = Prolly.inMemory()) {
      assertThat(repository.maintenance().cacheStats().maximumBytes()).isEqualTo(expected);
    }
    try (Repository repository = Prolly.open("memory:?nodeCacheSize=3m&verifyNodes=false")) {
      assertThat(repository.maintenance().cacheStats().maximumBytes()).isEqualTo(3 * MIB);
    }
    assertThatThrownBy(() -> Prolly.open("memory:?nodeCacheSize=lots"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nodeCacheSize")
        .hasMessageContaining("512m");
  }

  @Example
  void readingTheSameKeyAgainFindsEveryNodeInTheCache() {
    try (Repository repository = Prolly.inMemory()) {
      Store<String> store = repository.store("main", Codecs.utf8());
      for (int i = 0; i < 5_000; i++) {
        store.set(String.format("key%05d", i), "value " + i);
      }
      store.commit("load");
      NodeCacheStats before = repository.maintenance().cacheStats();
      assertThat(repository.snapshot("main", Codecs.utf8()).get("key02500")).isEqualTo("value 2500");
      NodeCacheStats first = repository.maintenance().cacheStats();
      assertThat(repository.snapshot("main", Codecs.utf8()).get("key02500")).isEqualTo("value 2500");
      NodeCacheStats second = repository.maintenance().cacheStats();

      long firstLookups = first.lookups() - before.lookups();
      assertThat(first.misses() - before.misses()).isPositive(); // the commit's new nodes were not cached
      assertThat(second.misses()).isEqualTo(first.misses());
      assertThat(second.hits() - first.hits()).isEqualTo(firstLookups);
      assertThat(second.hitRate()).isEqualTo((double) second.hits() / second.lookups());
      assertThat(second.evictions()).isZero();
      assertThat(second.nodes()).isEqualTo(second.misses());
    }
  }

  @Example
  void aSmallCacheEvictsAndCountsWhatItHoldsExactly() {
    AtomicLong hits = new AtomicLong();
    AtomicLong misses = new AtomicLong();
    AtomicLong evictions = new AtomicLong();
    try (Repository repository = Prolly.open("memory:?nodeCacheSize=64k")) {
      repository.setMetrics(new RepositoryMetrics() {
        @Override
        public void cacheHits(int count) {
          hits.addAndGet(count);
        }

        @Override
        public void cacheMisses(int count) {
          misses.addAndGet(count);
        }

        @Override
        public void cacheEviction(long bytes) {
          evictions.incrementAndGet();
        }
      });
      Store<String> store = repository.store("main", Codecs.utf8());
      for (int i = 0; i < 20_000; i++) {
        store.set(String.format("key%05d", i), "value " + i);
      }
      store.commit("load");
      Snapshot<String> snapshot = repository.snapshot("main", Codecs.utf8());
      for (int i = 0; i < 20_000; i += 7) {
        assertThat(snapshot.get(String.format("key%05d", i))).isEqualTo("value " + i);
      }
      NodeCacheStats stats = repository.maintenance().cacheStats();

      assertThat(stats.maximumBytes()).isEqualTo(64 * 1024);
      assertThat(stats.bytes()).isLessThanOrEqualTo(stats.maximumBytes());
      assertThat(stats.evictions()).isPositive();
      // Every miss loads a node into the cache and every eviction drops one.
      assertThat(stats.nodes()).isEqualTo(stats.misses() - stats.evictions());
      assertThat(stats.hitRate()).isStrictlyBetween(0.0, 1.0);
      assertThat(new long[] {stats.hits(), stats.misses(), stats.evictions()})
          .containsExactly(hits.get(), misses.get(), evictions.get());
    }
  }

  @Example
  void aCacheOfNoBytesMissesEveryLookup() {
    try (Repository repository = Prolly.open("memory:?nodeCacheSize=0")) {
      assertThat(repository.maintenance().cacheStats().hitRate()).isNaN();
      Store<String> store = repository.store("main", Codecs.utf8());
      store.set("a", "1");
      store.commit("one");
      assertThat(repository.snapshot("main", Codecs.utf8()).get("a")).isEqualTo("1");
      NodeCacheStats stats = repository.maintenance().cacheStats();
      assertThat(stats.misses()).isPositive();
      assertThat(stats.hits()).isZero();
      assertThat(stats.hitRate()).isZero();
      assertThat(stats.nodes()).isZero();
    }
  }

  @Example
  void figuresMustNotBeNegative() {
    assertThatThrownBy(() -> new NodeCacheStats(0, 0, 0, -1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hits -1");
  }
}

package io.prolly;

import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what a repository's node cache does and tells its {@link RepositoryMetrics}: Caffeine
 * reports each hit, miss and eviction here, which adds it to the repository's totals (read with
 * {@link Maintenance#cacheStats()}) and passes it on to whatever metrics are installed now. With
 * {@link RepositoryMetrics#NONE} a lookup costs an uncontended counter increment and one volatile
 * read more.
 */
final class CacheEvents implements StatsCounter {

  private final MeteredNodeStore store;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder evictedBytes = new LongAdder();

  CacheEvents(MeteredNodeStore store) {
    this.store = store;
  }

  @Override
  public void recordHits(int count) {
    hits.add(count);
    store.metrics().cacheHits(count);
  }

  @Override
  public void recordMisses(int count) {
    misses.add(count);
    store.metrics().cacheMisses(count);
  }

  @Override
  public void recordLoadSuccess(long loadTime) {
    // The backend reads are counted by the store; the decoding time is not worth a figure.
  }

  @Override
  public void recordLoadFailure(long loadTime) {
    // A failed load is a failed read, which the operation reports.
  }

  @Override
  public void recordEviction(int weight, RemovalCause cause) {
    evictions.increment();
    evictedBytes.add(weight);
    store.metrics().cacheEviction(weight);
  }

  /** The totals since the repository opened; loads and their times are not counted. */
  @Override
  public CacheStats snapshot() {
    return CacheStats.of(hits.sum(), misses.sum(), 0, 0, 0, evictions.sum(), evictedBytes.sum());
  }
}

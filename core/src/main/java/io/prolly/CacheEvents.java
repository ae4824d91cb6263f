package io.prolly;

import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;

/**
 * Tells a repository's {@link RepositoryMetrics} what its node cache does: Caffeine reports each
 * hit, miss and eviction here, and this passes them on to whatever metrics are installed now. It
 * keeps no figures of its own, so with {@link RepositoryMetrics#NONE} a lookup costs one volatile
 * read more.
 */
final class CacheEvents implements StatsCounter {

  private final MeteredNodeStore store;

  CacheEvents(MeteredNodeStore store) {
    this.store = store;
  }

  @Override
  public void recordHits(int count) {
    store.metrics().cacheHits(count);
  }

  @Override
  public void recordMisses(int count) {
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
    store.metrics().cacheEviction(weight);
  }

  @Override
  public CacheStats snapshot() {
    return CacheStats.empty();
  }
}

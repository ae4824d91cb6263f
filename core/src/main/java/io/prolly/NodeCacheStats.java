package io.prolly;

import io.prolly.spi.support.Arguments;

/**
 * A repository's node cache: how full it is now, from {@link Maintenance#cacheStats()}, and how
 * well it has served since the repository opened. The same hits, misses and evictions are also
 * told as events to the repository's {@link RepositoryMetrics}.
 *
 * @param nodes about how many decoded nodes it holds
 * @param bytes about how many bytes they weigh: their bytes and the cost of holding them
 * @param maximumBytes the most it holds before it drops the nodes least likely to be read again
 *     ({@link Prolly#NODE_CACHE_SIZE})
 * @param hits lookups that found their node in the cache
 * @param misses lookups that read their node from the backend
 * @param evictions nodes dropped to stay within {@code maximumBytes}
 */
public record NodeCacheStats(long nodes, long bytes, long maximumBytes, long hits, long misses, long evictions) {

  /**
   * Checks the figures.
   *
   * @throws IllegalArgumentException if a figure is negative
   */
  public NodeCacheStats {
    Arguments.check(nodes >= 0 && bytes >= 0 && maximumBytes >= 0,
        "cache figures must be non-negative: nodes %d, bytes %d, maximum %d", nodes, bytes, maximumBytes);
    Arguments.check(hits >= 0 && misses >= 0 && evictions >= 0,
        "cache counts must be non-negative: hits %d, misses %d, evictions %d", hits, misses, evictions);
  }

  /**
   * Returns the lookups counted so far.
   *
   * @return {@code hits + misses}
   */
  public long lookups() {
    return hits + misses;
  }

  /**
   * Returns the share of lookups that found their node in the cache.
   *
   * @return {@code hits / (hits + misses)}, from 0 to 1; {@code NaN} before the first lookup
   */
  public double hitRate() {
    long lookups = lookups();
    return lookups == 0 ? Double.NaN : (double) hits / lookups;
  }
}

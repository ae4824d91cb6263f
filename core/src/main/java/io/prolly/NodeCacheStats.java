package io.prolly;

import io.prolly.spi.support.Arguments;

/**
 * How full a repository's node cache is now, from {@link Maintenance#cacheStats()}. Its hits,
 * misses and evictions are events, told to the repository's {@link RepositoryMetrics}.
 *
 * @param nodes about how many decoded nodes it holds
 * @param bytes about how many bytes they weigh: their bytes and the cost of holding them
 * @param maximumBytes the most it holds before it drops the nodes least likely to be read again
 */
public record NodeCacheStats(long nodes, long bytes, long maximumBytes) {

  /**
   * Checks the figures.
   *
   * @throws IllegalArgumentException if a figure is negative
   */
  public NodeCacheStats {
    Arguments.check(nodes >= 0 && bytes >= 0 && maximumBytes >= 0,
        "cache figures must be non-negative: nodes %d, bytes %d, maximum %d", nodes, bytes, maximumBytes);
  }
}

package io.prolly.commit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.prolly.error.CorruptNodeException;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;

/**
 * A bounded cache of the decoded commits of one store, in front of the transactions that read
 * them. History walks (what a push or fetch must send, whether a pull is a fast-forward, a merge
 * base) read the same commits again and again; decoding each from the store every time made a
 * one-key push and pull cost time in proportion to the length of the history.
 *
 * <p>A commit is named by its content, so a cached one is never stale. Share one cache per store,
 * not between stores: a walk starts from a commit the store is known to hold, and a stored
 * commit's parents are stored too, so the cache only spares reads the store would answer the
 * same way.
 *
 * <p>Thread-safe.
 */
public final class CommitCache {

  /** The bytes of commits a repository keeps decoded: some tens of thousands of usual ones. */
  public static final long DEFAULT_BYTES = 8L << 20;

  // What a cached commit costs beyond its encoding: the Commit, its lists and strings, the entry.
  private static final int ENTRY_OVERHEAD = 256;

  private record Entry(Commit commit, int weight) {}

  private final Cache<Hash, Entry> commits;

  /**
   * Creates a cache.
   *
   * @param maximumBytes about how many bytes of commits to keep, counted by their encoding
   * @throws IllegalArgumentException if {@code maximumBytes} is below 1
   */
  public CommitCache(long maximumBytes) {
    if (maximumBytes < 1) {
      throw new IllegalArgumentException("a commit cache needs room for at least one byte, got " + maximumBytes);
    }
    // Evictions on the calling thread, as the node cache does: no thread of the common pool.
    this.commits = Caffeine.newBuilder().executor(Runnable::run).maximumWeight(maximumBytes)
        .weigher((Hash id, Entry entry) -> entry.weight()).build();
  }

  /**
   * Reads commits through a transaction of this cache's store, keeping what it decodes.
   *
   * @param tx an open transaction of the store; the source is usable while it is
   * @return the source; it throws {@link CorruptNodeException} as {@link CommitSource#of} does
   */
  public CommitSource over(ReadTransaction tx) {
    return id -> {
      Entry cached = commits.getIfPresent(id);
      if (cached != null) {
        return cached.commit();
      }
      byte[] node = tx.get(id);
      Commit commit = CommitSource.stored(id, node);
      commits.put(id, new Entry(commit, node.length + ENTRY_OVERHEAD));
      return commit;
    };
  }
}

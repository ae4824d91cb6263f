package io.prolly.tree;

import io.prolly.spi.support.Arguments;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import io.prolly.spi.Hash;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How tree operations read nodes from a store: a bounded cache of decoded nodes, and whether to
 * check that each node read hashes to its id.
 *
 * <p>Nodes are immutable and named by their content, so a cached node is never stale and one
 * cache can serve every transaction of a store; share one per store, not between stores, or a
 * tree whose nodes one store lacks could be read from the other's entries. A node enters the
 * cache once, decoded and, if asked, verified, so verification costs one hash per node loaded
 * rather than per read. Nodes a {@link TreeWriter} has made but not yet committed are not cached.
 * Nor are the nodes of large values (blobs): they are read in sequence, about once each, and would
 * push out the tree nodes that every lookup needs; they are verified all the same.
 *
 * <p>Thread-safe.
 */
public final class NodeCache {

  // What a cached node costs beyond its bytes: the Node object, its hash and the cache entry.
  private static final int ENTRY_OVERHEAD = 160;

  private static final NodeCache NONE = new NodeCache(0, false, null);

  private final @Nullable Cache<Hash, Node> nodes;
  private final @Nullable StatsCounter stats;
  private final long maximumBytes;
  private final boolean verifyHashes;

  private NodeCache(long maximumBytes, boolean verifyHashes, @Nullable StatsCounter stats) {
    this.verifyHashes = verifyHashes;
    this.maximumBytes = maximumBytes;
    this.stats = stats;
    // Evictions run on the thread whose load overfilled the cache, not in the common pool: so they
    // are counted when that load returns, and the cache needs no thread of its own.
    Caffeine<Hash, Node> builder = Caffeine.newBuilder()
        .executor(Runnable::run)
        .maximumWeight(maximumBytes)
        .weigher((Hash id, Node node) -> node.bytes().length + ENTRY_OVERHEAD);
    this.nodes = maximumBytes == 0 ? null : stats == null ? builder.build() : builder.recordStats(() -> stats).build();
  }

  /**
   * Creates a cache.
   *
   * @param maximumBytes about how many bytes of nodes to keep; 0 keeps none
   * @param verifyHashes whether to check that every node read from the store hashes to its id,
   *     which finds damaged storage at the cost of one SHA-256 per node loaded
   * @return the cache
   * @throws IllegalArgumentException if {@code maximumBytes} is negative
   */
  public static NodeCache create(long maximumBytes, boolean verifyHashes) {
    Arguments.check(maximumBytes >= 0, "cache size must not be negative, got %d", maximumBytes);
    return new NodeCache(maximumBytes, verifyHashes, null);
  }

  /**
   * Creates a cache that tells {@code stats} of its hits, misses and evictions. A cache that keeps
   * nothing tells of a miss at every lookup.
   *
   * @param maximumBytes about how many bytes of nodes to keep; 0 keeps none
   * @param verifyHashes whether to check that every node read from the store hashes to its id
   * @param stats hears every lookup and eviction, on the thread that caused it
   * @return the cache
   * @throws IllegalArgumentException if {@code maximumBytes} is negative or {@code stats} is null
   */
  public static NodeCache create(long maximumBytes, boolean verifyHashes, StatsCounter stats) {
    Arguments.check(maximumBytes >= 0, "cache size must not be negative, got %d", maximumBytes);
    return new NodeCache(maximumBytes, verifyHashes, Arguments.notNull(stats, "stats"));
  }

  /**
   * Returns the policy of reading every node from the store, unverified: what a
   * {@link TreeReader} or {@link TreeWriter} uses when given no cache.
   *
   * @return a cache that keeps nothing and verifies nothing
   */
  public static NodeCache none() {
    return NONE;
  }

  /**
   * Returns the number of nodes held now.
   *
   * @return an estimate of the number of cached nodes
   */
  public long estimatedSize() {
    return nodes == null ? 0 : nodes.estimatedSize();
  }

  /**
   * Returns the bytes the held nodes weigh, with the cost of holding each.
   *
   * @return an estimate of the cache's weight
   */
  public long weightedSize() {
    return nodes == null ? 0 : nodes.policy().eviction().orElseThrow().weightedSize().orElse(0);
  }

  /**
   * Returns the most the cache holds.
   *
   * @return the maximum weight in bytes; 0 for a cache that keeps nothing
   */
  public long maximumBytes() {
    return maximumBytes;
  }

  /** Returns the node, from the cache or decoded (and verified) from what {@code fetch} reads. */
  Node get(Hash id, Function<Hash, byte[]> fetch) {
    if (nodes == null) {
      if (stats != null) {
        stats.recordMisses(1);
      }
      return decode(id, fetch.apply(id));
    }
    return nodes.get(id, key -> decode(key, fetch.apply(key)));
  }

  /** Returns the blob node decoded (and verified) from what {@code fetch} reads, without caching it. */
  BlobNode getBlob(Hash id, Function<Hash, byte[]> fetch) {
    return BlobNode.decode(id, verified(id, fetch.apply(id)));
  }

  private Node decode(Hash id, byte[] bytes) {
    return Node.decode(id, verified(id, bytes));
  }

  private byte[] verified(Hash id, byte[] bytes) {
    if (verifyHashes) {
      Hash actual = Hash.of(bytes);
      if (!actual.equals(id)) {
        throw Corruption.of(id).because("its " + bytes.length + " bytes hash to " + actual);
      }
    }
    return bytes;
  }
}

package io.prolly.tree;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides where the nodes of one tree level end, from the entries alone (Dolt's
 * {@code keySplitter}).
 *
 * <p>Entries are appended in key order. After each one the chunker adds the entry's size to the
 * size of the current node and says whether the node ends there:
 * <ul>
 *   <li>never while the node holds fewer than {@code minNodeSize} bytes;
 *   <li>always once it holds more than {@code maxNodeSize} bytes;
 *   <li>otherwise when a 32-bit salted hash of the key, read as a fraction of 2<sup>32</sup>, falls
 *       under the probability that a node whose size follows a Weibull distribution (shape K,
 *       scale L = {@code targetNodeSize}) ends within this entry, given that it did not end
 *       before: {@code 1 - exp((start/L)^K - (end/L)^K)} where start and end are the node's size
 *       before and after the entry. That is Dolt's {@code (CDF(end) - CDF(start)) / (1 -
 *       CDF(start))}, rewritten so that it never divides by zero.
 * </ul>
 * The size goes back to zero at every boundary, so a boundary depends only on the entries since
 * the previous one: this is what makes the tree's shape independent of its edit history, and
 * lets an edit re-chunk only from the start of the node it touches until a boundary falls where
 * one fell before.
 *
 * <p>The arithmetic uses {@link StrictMath}, so every JVM draws the same boundaries. The salt
 * differs per level, so that the boundaries of a level are not simply those of the level below.
 *
 * <p>Not thread-safe; one chunker serves one level of one operation.
 */
final class Chunker {

  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final double TWO_TO_32 = 4294967296.0;

  /**
   * Per set of rules, {@code (size / L)^K} for every node size up to {@code maxNodeSize}: the
   * thresholds only ever need those, and computing them once instead of twice per entry takes
   * {@code StrictMath.pow} out of the write path while giving exactly the same boundaries.
   */
  private static final Map<TreeConfig, double[]> SCALED_POWERS = new ConcurrentHashMap<>();

  private final TreeConfig config;
  private final double[] scaledPowers;
  private final long salt;
  private int size;

  Chunker(TreeConfig config, int level) {
    this.config = config;
    this.scaledPowers = SCALED_POWERS.computeIfAbsent(config, Chunker::scaledPowers);
    this.salt = saltOf(level);
  }

  private static double[] scaledPowers(TreeConfig config) {
    double scale = config.targetNodeSize();
    int shape = config.weibullShape();
    double[] powers = new double[config.maxNodeSize() + 1];
    for (int size = 0; size < powers.length; size++) {
      powers[size] = StrictMath.pow(size / scale, shape);
    }
    return powers;
  }

  /**
   * Appends an entry to the current node.
   *
   * @param key the entry's key
   * @param entrySize the bytes the entry counts for: key length plus value length
   * @return true if the node ends after this entry; the chunker has then started a new node
   */
  boolean append(byte[] key, int entrySize) {
    int start = size;
    size += entrySize;
    boolean boundary;
    if (size < config.minNodeSize()) {
      boundary = false;
    } else if (size > config.maxNodeSize()) {
      boundary = true;
    } else {
      boundary = (keyHash(key, salt) & 0xFFFF_FFFFL) < threshold(start, size);
    }
    if (boundary) {
      size = 0;
    }
    return boundary;
  }

  /** Returns the bytes appended since the last boundary. */
  int size() {
    return size;
  }

  /** Forgets the current node, as at a boundary. */
  void reset() {
    size = 0;
  }

  /** The hash values under which a node grown from {@code start} to {@code end} bytes ends. */
  private long threshold(int start, int end) {
    double exponent = scaledPowers[start] - scaledPowers[end]; // both at most maxNodeSize: see append
    double probability = -StrictMath.expm1(exponent);
    return (long) (probability * TWO_TO_32);
  }

  /**
   * A 64-bit hash of a key, keyed by a salt: MurmurHash3-style mixing of little-endian 64-bit
   * words and a final avalanche. It need not resist attacks, only spread keys evenly and never
   * change, since boundaries and thus every root hash depend on it.
   */
  static long keyHash(byte[] key, long salt) {
    long h = salt ^ (key.length * 0x9E3779B97F4A7C15L);
    int i = 0;
    for (; i + Long.BYTES <= key.length; i += Long.BYTES) {
      h = mixWord(h, (long) LONG_LE.get(key, i));
    }
    long tail = 0;
    for (int shift = 0; i < key.length; i++, shift += 8) {
      tail |= (key[i] & 0xFFL) << shift;
    }
    h = mixWord(h, tail);
    return avalanche(h ^ key.length);
  }

  static long saltOf(int level) {
    return avalanche(0x243F6A8885A308D3L + level * 0x9E3779B97F4A7C15L);
  }

  private static long mixWord(long h, long word) {
    long k = word * 0x87C37B91114253D5L;
    k = Long.rotateLeft(k, 31) * 0x4CF5AD432745937FL;
    h ^= k;
    return Long.rotateLeft(h, 27) * 5 + 0x52DCE729L;
  }

  private static long avalanche(long h) {
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    return h ^ (h >>> 33);
  }
}

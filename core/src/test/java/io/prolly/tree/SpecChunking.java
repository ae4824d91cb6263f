package io.prolly.tree;

/**
 * The chunking rules of {@code docs/format.md}, written again from the text alone, so that tests
 * can hold the implementation to the spec: a second implementation in miniature.
 */
final class SpecChunking {

  private SpecChunking() {}

  // "Key hash" in the spec.

  static long salt(int level) {
    return fmix64(0x243F6A8885A308D3L + level * 0x9E3779B97F4A7C15L);
  }

  static long keyHash(byte[] key, long salt) {
    long h = salt ^ (key.length * 0x9E3779B97F4A7C15L);
    int words = key.length / 8;
    for (int w = 0; w < words; w++) {
      h = mix(h, littleEndian(key, w * 8, 8));
    }
    h = mix(h, littleEndian(key, words * 8, key.length - words * 8));
    return fmix64(h ^ key.length);
  }

  /**
   * Whether a node grown from {@code start} to {@code end} bytes ends after its last entry, whose
   * key hashes to {@code hash}.
   */
  static boolean boundary(TreeConfig config, int start, int end, long hash) {
    if (end < config.minNodeSize()) {
      return false;
    }
    if (end > config.maxNodeSize()) {
      return true;
    }
    double l = config.targetNodeSize();
    int k = config.weibullShape();
    double exponent = StrictMath.pow(start / l, k) - StrictMath.pow(end / l, k);
    long threshold = (long) (-StrictMath.expm1(exponent) * 4294967296.0);
    return (hash & 0xFFFFFFFFL) < threshold;
  }

  // "Blob chunking" in the spec.

  static long gear(int index) {
    long state = 0x50524F4C4C594745L;
    long z = 0;
    for (int i = 0; i <= index; i++) {
      state += 0x9E3779B97F4A7C15L;
      z = state;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      z = z ^ (z >>> 31);
    }
    return z;
  }

  static int chunkEnd(long[] gear, byte[] value, int start) {
    int remaining = value.length - start;
    if (remaining <= 4096) {
      return value.length;
    }
    long h = 0;
    for (int i = start + 4096 - 64; i < start + Math.min(65536, remaining); i++) {
      h = (h << 1) + gear[value[i] & 0xFF];
      if (i < start + 4096) {
        continue;
      }
      long mask = i < start + 16384 ? 0xFFFF000000000000L : 0xFFF0000000000000L;
      if ((h & mask) == 0) {
        return i + 1;
      }
    }
    return start + Math.min(65536, remaining);
  }

  private static long littleEndian(byte[] bytes, int offset, int length) {
    long word = 0;
    for (int i = 0; i < length; i++) {
      word |= (bytes[offset + i] & 0xFFL) << (8 * i);
    }
    return word;
  }

  private static long mix(long h, long word) {
    long k = Long.rotateLeft(word * 0x87C37B91114253D5L, 31) * 0x4CF5AD432745937FL;
    return Long.rotateLeft(h ^ k, 27) * 5 + 0x52DCE729L;
  }

  private static long fmix64(long h) {
    h = (h ^ (h >>> 33)) * 0xFF51AFD7ED558CCDL;
    h = (h ^ (h >>> 33)) * 0xC4CEB9FE1A85EC53L;
    return h ^ (h >>> 33);
  }
}

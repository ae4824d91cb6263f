package io.prolly.tree;

/**
 * Cuts a large value into chunks at points chosen by its content, with a gear rolling hash and
 * FastCDC's normalized chunking (Xia et al., USENIX ATC 2016).
 *
 * <p>The hash is updated per byte as {@code h = (h << 1) + GEAR[b]}, so its top 16 bits depend on
 * the last 64 bytes only: a chunk ends after a byte where those bits, masked, are zero. Because a
 * cut depends on the bytes around it and on the previous cut, an edit in the middle of a value
 * changes the chunk it falls in and at most the next few, until a cut falls where it fell before;
 * inserting or removing bytes does not shift the chunks after that. Equal values, and equal runs
 * within different values, give equal chunks, which the store then holds once.
 *
 * <p>The sizes, and why:
 * <ul>
 *   <li>no cut in the first {@value #MIN_SIZE} bytes of a chunk: below that, the 32-byte hash and
 *       the store's per-node overhead would cost more than finer deduplication saves;
 *   <li>up to {@value #NORMAL_SIZE} bytes a cut needs 16 zero bits, after it 12, which draws
 *       chunk sizes close to the normal size (FastCDC's normalization level 2) instead of the long
 *       tail of a single mask: chunks of random bytes average about 18 KiB, so a 10 MiB value
 *       takes about 570 chunks, and a one-byte edit rewrites one chunk of about that size rather
 *       than an unlucky 100 KiB one;
 *   <li>a forced cut at {@value #MAX_SIZE} bytes (hit with a chance of about e<sup>-12</sup> on
 *       random data, but always on long runs of one byte) bounds the memory a chunk takes and
 *       keeps every node far below the 16 MiB that every backend stores.
 * </ul>
 * These numbers and the gear table are part of the node format: other values would give other
 * chunks, and so other root hashes for the same entries.
 *
 * <p>Stateless and thread-safe.
 */
final class BlobChunker {

  static final int MIN_SIZE = 4 * 1024;
  static final int NORMAL_SIZE = 16 * 1024;
  static final int MAX_SIZE = 64 * 1024;

  // The top bits of the hash: those that have seen the most bytes.
  private static final long MASK_BEFORE_NORMAL = 0xFFFFL << 48;
  private static final long MASK_AFTER_NORMAL = 0xFFFL << 52;
  // The bytes before MIN_SIZE that the hash must see for its top bit to cover a full window.
  private static final int WINDOW = Long.SIZE;

  private static final long[] GEAR = gearTable();

  private BlobChunker() {}

  /**
   * Finds where the chunk that starts at {@code start} ends.
   *
   * @param value the value
   * @param start where the chunk starts, less than {@code value.length}
   * @return the end of the chunk, exclusive: {@code value.length} for the last chunk
   */
  static int chunkEnd(byte[] value, int start) {
    int remaining = value.length - start;
    if (remaining <= MIN_SIZE) {
      return value.length;
    }
    int normal = start + Math.min(NORMAL_SIZE, remaining);
    int max = start + Math.min(MAX_SIZE, remaining);
    long hash = 0;
    int i = start + MIN_SIZE - WINDOW;
    for (; i < start + MIN_SIZE; i++) {
      hash = (hash << 1) + GEAR[value[i] & 0xFF];
    }
    for (; i < normal; i++) {
      hash = (hash << 1) + GEAR[value[i] & 0xFF];
      if ((hash & MASK_BEFORE_NORMAL) == 0) {
        return i + 1;
      }
    }
    for (; i < max; i++) {
      hash = (hash << 1) + GEAR[value[i] & 0xFF];
      if ((hash & MASK_AFTER_NORMAL) == 0) {
        return i + 1;
      }
    }
    return max;
  }

  /** 256 pseudo-random words from SplitMix64 with a fixed seed: fixed forever, like the format. */
  private static long[] gearTable() {
    long[] table = new long[256];
    long state = 0x50524F4C4C594745L; // "PROLLYGE"
    for (int i = 0; i < table.length; i++) {
      state += 0x9E3779B97F4A7C15L;
      long z = state;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      table[i] = z ^ (z >>> 31);
    }
    return table;
  }
}

package io.prolly.backend.file;

import io.prolly.spi.Durability;
import io.prolly.spi.StoreConfig;

/**
 * The validated settings of one store file.
 *
 * @param cacheMiB MVStore's page cache, in MiB (0 = no cache)
 * @param compress whether pages are compressed (LZF)
 * @param autoCompactFillRate below this fill rate, in percent, the housekeeper compacts (0 = never)
 * @param verifyNodes whether every node read is checked against its id
 * @param durability when commits are synced
 * @param retentionMillis how long MVStore keeps the space of freed chunks before reusing it. Not
 *     an option: a shorter time risks overwriting a chunk the file header still needs after a
 *     crash if the disk reorders writes. Tests shorten it to see compaction at once.
 */
record FileSettings(int cacheMiB, boolean compress, int autoCompactFillRate, boolean verifyNodes,
    Durability durability, int retentionMillis) {

  /** MVStore's default for file stores. */
  static final int DEFAULT_RETENTION_MILLIS = 45_000;

  private static final long MIB = 1024 * 1024;

  /**
   * Reads and checks the options of a configuration.
   *
   * @throws IllegalArgumentException if an option has a value out of range
   */
  static FileSettings of(StoreConfig config) {
    long cacheBytes = config.get(FileBackendProvider.CACHE_SIZE);
    if (cacheBytes > Integer.MAX_VALUE * MIB) {
      throw new IllegalArgumentException("option 'cacheSize' is " + cacheBytes + " bytes; give at most "
          + Integer.MAX_VALUE + "m, or 0 for no page cache");
    }
    long fillRate = config.get(FileBackendProvider.AUTO_COMPACT_FILL_RATE);
    if (fillRate < 0 || fillRate > 100) {
      throw new IllegalArgumentException("option 'autoCompactFillRate' is " + fillRate
          + "; give a percentage from 0 (never compact) to 100");
    }
    return new FileSettings(
        (int) ((cacheBytes + MIB - 1) / MIB),
        config.get(FileBackendProvider.COMPRESS),
        (int) fillRate,
        config.verifyNodes(),
        config.durability(),
        DEFAULT_RETENTION_MILLIS);
  }
}

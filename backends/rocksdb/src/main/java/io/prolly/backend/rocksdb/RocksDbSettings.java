package io.prolly.backend.rocksdb;

import io.prolly.spi.Durability;
import io.prolly.spi.StoreConfig;

/**
 * The checked options of one store.
 *
 * @param blockCacheSize the block cache size in bytes
 * @param compression how blocks are compressed
 * @param durability when commits are synced
 */
record RocksDbSettings(long blockCacheSize, RocksDbCompression compression, Durability durability) {

  /**
   * Reads the options of a configuration.
   *
   * @throws IllegalArgumentException if a value is out of range
   */
  static RocksDbSettings of(StoreConfig config) {
    long blockCacheSize = config.get(RocksDbBackendProvider.BLOCK_CACHE_SIZE);
    if (blockCacheSize < 1 << 20) {
      throw new IllegalArgumentException("option 'blockCacheSize' is " + blockCacheSize
          + " bytes; it must be at least 1m (1048576)");
    }
    return new RocksDbSettings(blockCacheSize, config.get(RocksDbBackendProvider.COMPRESSION), config.durability());
  }
}

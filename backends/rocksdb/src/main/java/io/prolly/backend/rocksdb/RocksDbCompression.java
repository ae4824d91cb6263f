package io.prolly.backend.rocksdb;

import org.rocksdb.CompressionType;

/** How RocksDB compresses the blocks of its files; the value of the {@code compression} option. */
public enum RocksDbCompression {

  /** No compression: for nodes that are already compressed or random. */
  NONE(CompressionType.NO_COMPRESSION),

  /** LZ4: fast, moderate ratio. The default. */
  LZ4(CompressionType.LZ4_COMPRESSION),

  /** Snappy: fast, moderate ratio. */
  SNAPPY(CompressionType.SNAPPY_COMPRESSION),

  /** Zstandard: a better ratio for more CPU. */
  ZSTD(CompressionType.ZSTD_COMPRESSION);

  private final CompressionType type;

  RocksDbCompression(CompressionType type) {
    this.type = type;
  }

  CompressionType type() {
    return type;
  }
}

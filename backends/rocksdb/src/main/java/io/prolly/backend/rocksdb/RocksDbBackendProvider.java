package io.prolly.backend.rocksdb;

import io.prolly.error.CorruptStoreException;
import io.prolly.error.ProllyException;
import io.prolly.error.StoreLockedException;
import io.prolly.spi.BackendProvider;
import io.prolly.spi.NodeStore;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.StoreOption;
import io.prolly.spi.support.Arguments;
import java.util.List;

/**
 * Opens {@code rocksdb:} stores: a RocksDB database in a directory of its own, for example
 * {@code rocksdb:/var/lib/app/state?blockCacheSize=256m&compression=zstd}.
 *
 * <p>Durability maps to RocksDB's write-ahead log: {@code immediate} writes each commit to the
 * log and syncs it before the commit returns ({@code WriteOptions.sync}); {@code eventual} writes
 * it to the log without syncing (a crash of the process loses nothing, one of the machine may
 * lose the latest commits; RocksDB recovers to a consistent point), the log is written back in
 * the background every megabyte; {@code none} skips the log, so commits live in memory until
 * RocksDB flushes them (all column families at once, so a crash never leaves half a commit).
 * Whatever the durability, close flushes everything to tables, whose blocks carry checksums that
 * every read verifies. On open, an incomplete last log record (a commit a crash interrupted) is
 * dropped, and any other damage to the log or tables is reported as
 * {@link io.prolly.error.CorruptStoreException} rather than skipped.
 *
 * <p>Registered for {@link java.util.ServiceLoader}; users do not call it directly. Thread-safe
 * and stateless.
 */
public final class RocksDbBackendProvider implements BackendProvider {

  /** The size of the block cache shared by the store's column families. */
  public static final StoreOption<Long> BLOCK_CACHE_SIZE = StoreOption.ofSize(
      "blockCacheSize", 64L << 20, "size of RocksDB's block cache of uncompressed blocks, such as 256m; default 64m");

  /** How data blocks are compressed on disk. */
  public static final StoreOption<RocksDbCompression> COMPRESSION = StoreOption.ofEnum(
      "compression", RocksDbCompression.class, RocksDbCompression.LZ4,
      "block compression: none, lz4, snappy or zstd; default lz4");

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public RocksDbBackendProvider() {}

  @Override
  public String scheme() {
    return "rocksdb";
  }

  @Override
  public String description() {
    return "RocksDB LSM tree in a directory, for write-heavy stores (artifact io.prolly:prolly-backend-rocksdb)";
  }

  @Override
  public List<StoreOption<?>> options() {
    return List.of(BLOCK_CACHE_SIZE, COMPRESSION);
  }

  /**
   * Opens or creates the store in the configured directory.
   *
   * @throws IllegalArgumentException if the location is not a directory path or an option is out
   *     of range
   * @throws io.prolly.error.StoreLockedException if this process or another one has the store open
   * @throws io.prolly.error.CorruptStoreException if the directory holds a damaged RocksDB database,
   *     one not written by Prolly, or files of something else
   * @throws io.prolly.error.ProllyException if the directory cannot be created or written
   */
  @Override
  public NodeStore open(StoreConfig config) {
    Arguments.notNull(config, "config");
    if (!config.scheme().equals(scheme())) {
      throw new IllegalArgumentException("the rocksdb backend opens 'rocksdb:' stores, not '" + config.redacted() + "'");
    }
    return RocksDbNodeStore.open(config, RocksDbSettings.of(config));
  }
}

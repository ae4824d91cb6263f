package io.prolly.backend.file;

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
 * Opens {@code file:} stores: one H2 MVStore file per store, pure Java, the default backend.
 * The location is the path of the file, for example {@code file:/var/lib/app/state.prolly}; the
 * file and its parent directories are created when missing.
 *
 * <p>Options, besides {@code durability} and {@code verifyNodes}: {@link #CACHE_SIZE},
 * {@link #COMPRESS} and {@link #AUTO_COMPACT_FILL_RATE}. Pages carry CRC32C checksums that every
 * read checks; with {@link StoreConfig#VERIFY_NODES} (on unless set off) each node read is also
 * checked against its SHA-256 id.
 *
 * <p>Registered for {@link java.util.ServiceLoader}; users do not call it directly. Thread-safe.
 */
public final class FileBackendProvider implements BackendProvider {

  /** The size of the page cache; rounded up to whole MiB; 0 turns the cache off. */
  public static final StoreOption<Long> CACHE_SIZE = StoreOption.ofSize(
      "cacheSize", 16L * 1024 * 1024, "size of the page cache, such as 64m (rounded up to whole MiB; 0 = none)");

  /** Whether pages are compressed with LZF: smaller files, a little more CPU. */
  public static final StoreOption<Boolean> COMPRESS = StoreOption.ofBoolean(
      "compress", false, "compress pages with LZF (true or false)");

  /**
   * The fill rate, in percent of live data, below which the background housekeeper rewrites
   * chunks to reclaim space; 0 never compacts. MVStore's default is 90.
   */
  public static final StoreOption<Long> AUTO_COMPACT_FILL_RATE = StoreOption.ofLong(
      "autoCompactFillRate", 90, "compact the file when its live data falls below this percentage (0-100; 0 = never)");

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public FileBackendProvider() {}

  @Override
  public String scheme() {
    return "file";
  }

  @Override
  public String description() {
    return "one H2 MVStore file, pure Java; the default (artifact io.prolly:prolly-backend-file)";
  }

  @Override
  public List<StoreOption<?>> options() {
    return List.of(CACHE_SIZE, COMPRESS, AUTO_COMPACT_FILL_RATE);
  }

  /**
   * Opens the store file, creating it and its parent directories if missing.
   *
   * @throws IllegalArgumentException if the location is empty, a directory or not a valid path,
   *     an option has a bad value, or the scheme is not {@code file} (unknown options are
   *     rejected by Prolly before a provider is called)
   * @throws io.prolly.error.StoreLockedException if another handle, in this process or another one,
   *     has the file open
   * @throws io.prolly.error.CorruptStoreException if the file is not a Prolly store file or is damaged
   * @throws io.prolly.error.ProllyException if the file cannot be created, read or written
   */
  @Override
  public NodeStore open(StoreConfig config) {
    Arguments.notNull(config, "config");
    if (!config.scheme().equals(scheme())) {
      throw new IllegalArgumentException("the file backend opens 'file:' stores, not '" + config.redacted() + "'");
    }
    return FileNodeStore.open(config, FileSettings.of(config));
  }
}

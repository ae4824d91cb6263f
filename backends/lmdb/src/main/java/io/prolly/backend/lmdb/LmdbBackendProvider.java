package io.prolly.backend.lmdb;

import io.prolly.error.CorruptNodeException;
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
 * Opens {@code lmdb:} stores: an LMDB environment in a directory of its own, for example
 * {@code lmdb:/var/lib/app/state?mapSize=4g}.
 *
 * <p>Durability maps to LMDB's environment flags: {@code immediate} is LMDB's default (data and
 * meta pages are synced before a commit returns); {@code eventual} is {@code MDB_NOMETASYNC}
 * (data pages are synced, the meta page only with the next commit or at close, so a crash of the
 * machine may take back the latest commit but never leaves a damaged store); {@code none} is
 * {@code MDB_NOSYNC} with a sync at close (a crash of the machine may lose or, as LMDB warns,
 * damage what was written since the last close: for data that can be rebuilt).
 *
 * <p>LMDB keeps no checksums and follows page numbers in its data file blindly. The backend
 * checks what LMDB does not: before LMDB maps an existing file, the page structure of every B-tree
 * ({@link #CHECK_ON_OPEN}), so that damage there is reported instead of crashing the process;
 * refs and the node totals against their CRC32C checksums whenever they are read; node bytes
 * against their ids ({@link StoreConfig#VERIFY_NODES}, on unless set off); all surfacing as
 * {@link io.prolly.error.CorruptNodeException} or {@link io.prolly.error.CorruptStoreException}. Damage to a
 * node's key passes the structure check and makes the node look absent; the {@code full} check
 * finds it when the store is opened, by reading every node.
 *
 * <p>Registered for {@link java.util.ServiceLoader}; users do not call it directly. Thread-safe
 * and stateless.
 */
public final class LmdbBackendProvider implements BackendProvider {

  /**
   * The initial size of the memory map, which bounds the data file until it grows. The map is
   * address space, not memory, and the data file only takes the pages in use, so a generous
   * default costs nothing on 64-bit systems; the map grows by itself when a commit needs more.
   */
  public static final StoreOption<Long> MAP_SIZE = StoreOption.ofSize(
      "mapSize", 1L << 30,
      "initial size of the LMDB memory map (it grows by itself when full), such as 256m or 4g; default 1g");

  /**
   * The most transactions that can be open at once: each open read or write transaction holds one
   * of LMDB's reader slots until it is closed.
   */
  public static final StoreOption<Long> MAX_READERS = StoreOption.ofLong(
      "maxReaders", 512,
      "most transactions open at once (LMDB reader slots, 64 bytes each in lock.mdb); default 512");

  /**
   * How much of an existing store is checked when it is opened, before LMDB reads it: its page
   * structure (so that damage cannot crash the process), with {@code changed} only if the data
   * file changed since the backend last closed it, with {@code full} also every node, ref and
   * total.
   */
  public static final StoreOption<LmdbOpenCheck> CHECK_ON_OPEN = StoreOption.ofEnum(
      "checkOnOpen", LmdbOpenCheck.class, LmdbOpenCheck.CHANGED,
      "what opening an existing store checks: changed (the page structure, if the file changed since the store "
          + "was last closed), structure (the page structure, at every open) or full (also every node); "
          + "default changed");

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public LmdbBackendProvider() {}

  @Override
  public String scheme() {
    return "lmdb";
  }

  @Override
  public String description() {
    return "LMDB memory-mapped B+tree in a directory (artifact io.prolly:prolly-backend-lmdb)";
  }

  @Override
  public List<StoreOption<?>> options() {
    return List.of(MAP_SIZE, MAX_READERS, CHECK_ON_OPEN);
  }

  /**
   * Opens or creates the store in the configured directory.
   *
   * @throws IllegalArgumentException if the location is not a directory path or an option is out
   *     of range
   * @throws io.prolly.error.StoreLockedException if this process or another one has the store open
   * @throws io.prolly.error.CorruptStoreException if the directory holds a damaged LMDB environment, one
   *     not written by Prolly, or files of something else
   * @throws io.prolly.error.ProllyException if the directory cannot be created, written or mapped
   */
  @Override
  public NodeStore open(StoreConfig config) {
    Arguments.notNull(config, "config");
    if (!config.scheme().equals(scheme())) {
      throw new IllegalArgumentException("the lmdb backend opens 'lmdb:' stores, not '" + config.redacted() + "'");
    }
    return LmdbNodeStore.open(config, LmdbSettings.of(config));
  }
}

package io.prolly.backend.lmdb;

import io.prolly.spi.Durability;
import io.prolly.spi.StoreConfig;
import java.util.EnumSet;
import java.util.Set;
import org.lmdbjava.EnvFlags;

/**
 * The checked options of one store.
 *
 * @param mapSize the initial map size in bytes
 * @param maxReaders the number of reader slots
 * @param durability when commits are synced
 * @param verifyNodes whether every node read is checked against its id
 * @param checkOnOpen how much of an existing store is checked when it is opened
 */
record LmdbSettings(long mapSize, int maxReaders, Durability durability, boolean verifyNodes,
    LmdbOpenCheck checkOnOpen) {

  /** Sixteen 4 KiB pages: below that LMDB cannot even hold its empty databases. */
  static final long MIN_MAP_SIZE = 64 * 1024;
  static final int MAX_READERS_LIMIT = 1 << 16;

  /**
   * Reads the options of a configuration.
   *
   * @throws IllegalArgumentException if a value is out of range
   */
  static LmdbSettings of(StoreConfig config) {
    long mapSize = config.get(LmdbBackendProvider.MAP_SIZE);
    if (mapSize < MIN_MAP_SIZE) {
      throw new IllegalArgumentException("option 'mapSize' is " + mapSize + " bytes; it must be at least "
          + MIN_MAP_SIZE + " (64k). The map grows by itself, so a small start is fine");
    }
    long maxReaders = config.get(LmdbBackendProvider.MAX_READERS);
    if (maxReaders < 1 || maxReaders > MAX_READERS_LIMIT) {
      throw new IllegalArgumentException("option 'maxReaders' is " + maxReaders + "; it must be between 1 and "
          + MAX_READERS_LIMIT);
    }
    return new LmdbSettings(mapSize, (int) maxReaders, config.durability(), config.verifyNodes(),
        config.get(LmdbBackendProvider.CHECK_ON_OPEN));
  }

  /**
   * The settings for opening a compacted copy of the store in its place: the map as large as it
   * had grown, and only the structure check, since LMDB itself just wrote the file.
   */
  LmdbSettings forCompactedCopy(long currentMapSize) {
    return new LmdbSettings(Math.max(currentMapSize, mapSize), maxReaders, durability, verifyNodes,
        LmdbOpenCheck.STRUCTURE);
  }

  /**
   * The environment flags. MDB_NOTLS always: a read transaction may move between threads, and the
   * store may close it from the thread that closes the store.
   */
  EnvFlags[] envFlags() {
    Set<EnvFlags> flags = EnumSet.of(EnvFlags.MDB_NOTLS);
    switch (durability) {
      case IMMEDIATE:
        break;
      case EVENTUAL:
        flags.add(EnvFlags.MDB_NOMETASYNC);
        break;
      case NONE:
        flags.add(EnvFlags.MDB_NOSYNC);
        break;
      default:
        throw new AssertionError(durability);
    }
    return flags.toArray(new EnvFlags[0]);
  }
}

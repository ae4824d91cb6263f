package io.prolly;

import io.prolly.spi.StoreConfig;

/** Opens repositories whose node cache is small enough for a test to fill. */
public final class SmallCache {

  private SmallCache() {}

  /**
   * Opens an in-memory repository with a node cache of a given size.
   *
   * @param cacheBytes the cache's size
   * @return the repository
   */
  public static Repository inMemory(long cacheBytes) {
    return new Repository(io.prolly.backend.Backends.discover().open(StoreConfig.parse("memory:")), "test", true,
        cacheBytes);
  }
}

package io.prolly.backend.lmdb;

import io.prolly.spi.BackendProvider;
import io.prolly.spi.StoreConfig;
import io.prolly.tck.BackendFixture;
import java.nio.file.Path;
import java.util.Set;

/**
 * How every TCK contract reaches the lmdb backend: a store is the directory itself. Each contract test
 * extends its contract and implements this interface, so the fixture is written once.
 */
interface LmdbFixture extends BackendFixture {

  @Override
  default BackendProvider provider() {
    return new LmdbBackendProvider();
  }

  @Override
  default StoreConfig config(Path directory) {
    return StoreConfig.builder("lmdb").location(directory).build();
  }

  @Override
  default boolean persistent() {
    return true;
  }

  @Override
  default Set<String> statsFigures() {
    return Set.of("mapSize", "mapUsedBytes", "pageSize", "mapGrowths", "maxReaders");
  }
}

package io.prolly.tck.memory;

import io.prolly.spi.BackendProvider;
import io.prolly.spi.StoreConfig;
import io.prolly.tck.BackendFixture;
import java.nio.file.Path;

/**
 * How the TCK reaches the in-memory store that ships inside core. It is found the way a user's
 * application finds it, through ServiceLoader, because core does not export its package.
 */
interface MemoryFixture extends BackendFixture {

  @Override
  default BackendProvider provider() {
    return BackendFixture.registered("memory");
  }

  @Override
  default StoreConfig config(Path directory) {
    return StoreConfig.parse("memory:");
  }

  @Override
  default boolean persistent() {
    return false;
  }
}

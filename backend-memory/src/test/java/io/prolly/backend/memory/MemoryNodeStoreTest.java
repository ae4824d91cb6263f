package io.prolly.backend.memory;

import io.prolly.spi.BackendProvider;
import io.prolly.spi.StoreConfig;
import io.prolly.tck.NodeStoreContract;
import java.nio.file.Path;

/** The memory backend against the whole storage contract. */
class MemoryNodeStoreTest extends NodeStoreContract {

  @Override
  public BackendProvider provider() {
    return new MemoryBackendProvider();
  }

  @Override
  public StoreConfig config(Path directory) {
    return StoreConfig.parse("memory:");
  }

  @Override
  public boolean persistent() {
    return false;
  }
}

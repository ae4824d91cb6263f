package io.prolly.tck.repository;

import io.prolly.backend.memory.MemoryBackendProvider;
import io.prolly.spi.BackendProvider;
import io.prolly.spi.StoreConfig;
import java.nio.file.Path;

/** The repository contract on the memory backend. */
class MemoryRepositoryTest extends RepositoryContract {

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

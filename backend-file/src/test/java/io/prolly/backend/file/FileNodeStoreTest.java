package io.prolly.backend.file;

import io.prolly.spi.BackendProvider;
import io.prolly.spi.StoreConfig;
import io.prolly.tck.NodeStoreContract;
import java.nio.file.Path;

/** The file backend against the whole storage contract. */
class FileNodeStoreTest extends NodeStoreContract {

  @Override
  public BackendProvider provider() {
    return new FileBackendProvider();
  }

  @Override
  public StoreConfig config(Path directory) {
    return StoreConfig.builder("file").location(directory.resolve("store.prolly").toString()).build();
  }

  @Override
  public boolean persistent() {
    return true;
  }
}

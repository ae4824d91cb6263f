package io.prolly.backend.lmdb;

import io.prolly.spi.BackendProvider;
import io.prolly.spi.StoreConfig;
import io.prolly.tck.NodeStoreContract;
import java.nio.file.Path;

/** The LMDB backend against the whole storage contract. */
class LmdbNodeStoreTest extends NodeStoreContract {

  @Override
  public BackendProvider provider() {
    return new LmdbBackendProvider();
  }

  @Override
  public StoreConfig config(Path directory) {
    return StoreConfig.builder("lmdb").location(directory).build();
  }

  @Override
  public boolean persistent() {
    return true;
  }
}

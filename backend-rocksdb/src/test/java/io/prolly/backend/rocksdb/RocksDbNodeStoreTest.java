package io.prolly.backend.rocksdb;

import io.prolly.spi.BackendProvider;
import io.prolly.spi.StoreConfig;
import io.prolly.tck.NodeStoreContract;
import java.nio.file.Path;

/** The RocksDB backend against the whole storage contract. */
class RocksDbNodeStoreTest extends NodeStoreContract {

  @Override
  public BackendProvider provider() {
    return new RocksDbBackendProvider();
  }

  @Override
  public StoreConfig config(Path directory) {
    return StoreConfig.builder("rocksdb").location(directory).build();
  }

  @Override
  public boolean persistent() {
    return true;
  }
}

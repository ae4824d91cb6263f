package io.prolly.backend.rocksdb;

import io.prolly.spi.BackendProvider;
import io.prolly.spi.StoreConfig;
import io.prolly.tck.LockingContract;
import java.nio.file.Path;

/** One open handle per store, in this JVM and across processes. Public: the other process creates it by name. */
public class RocksDbLockingTest extends LockingContract {

  /** Creates the fixture; also called by the other process. */
  public RocksDbLockingTest() {}

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

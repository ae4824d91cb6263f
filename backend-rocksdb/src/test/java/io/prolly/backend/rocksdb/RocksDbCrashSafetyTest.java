package io.prolly.backend.rocksdb;

import io.prolly.spi.BackendProvider;
import io.prolly.spi.StoreConfig;
import io.prolly.tck.CrashSafetyContract;
import java.nio.file.Path;

/** The RocksDB backend killed mid-commit. Public with a public constructor: the writer JVM creates it by name. */
public class RocksDbCrashSafetyTest extends CrashSafetyContract {

  /** Creates the fixture; also called by the writer JVM. */
  public RocksDbCrashSafetyTest() {}

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

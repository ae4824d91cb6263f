package io.prolly.backend.lmdb;

import io.prolly.spi.BackendProvider;
import io.prolly.spi.StoreConfig;
import io.prolly.tck.CrashSafetyContract;
import java.nio.file.Path;

/** The LMDB backend killed mid-commit. Public with a public constructor: the writer JVM creates it by name. */
public class LmdbCrashSafetyTest extends CrashSafetyContract {

  /** Creates the fixture; also called by the writer JVM. */
  public LmdbCrashSafetyTest() {}

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

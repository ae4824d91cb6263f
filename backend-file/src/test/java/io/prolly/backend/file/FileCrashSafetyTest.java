package io.prolly.backend.file;

import io.prolly.spi.BackendProvider;
import io.prolly.spi.StoreConfig;
import io.prolly.tck.CrashSafetyContract;
import java.nio.file.Path;

/** The file backend killed mid-commit. Public with a public constructor: the writer JVM creates it by name. */
public class FileCrashSafetyTest extends CrashSafetyContract {

  /** Creates the fixture; also called by the writer JVM. */
  public FileCrashSafetyTest() {}

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

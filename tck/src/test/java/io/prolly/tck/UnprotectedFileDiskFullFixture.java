package io.prolly.tck;

import io.prolly.spi.BackendProvider;
import io.prolly.spi.StoreConfig;
import java.nio.file.Path;

/**
 * {@link DiskFullContract} over {@link UnprotectedFileBackend}, which lets the I/O exception of
 * a full disk escape; run only by {@link PersistentContractsSelfTest}, which expects it to fail
 * (not named *Test, so that Surefire does not run it on its own). Public with a public
 * constructor, as the contract requires.
 */
public class UnprotectedFileDiskFullFixture extends DiskFullContract {

  /** Creates the fixture; also called by the filling JVM. */
  public UnprotectedFileDiskFullFixture() {}

  @Override
  public BackendProvider provider() {
    return new UnprotectedFileBackend();
  }

  @Override
  public StoreConfig config(Path directory) {
    return StoreConfig.builder("unprotected").location(directory.resolve("store.bin").toString()).build();
  }

  @Override
  public boolean persistent() {
    return true;
  }
}

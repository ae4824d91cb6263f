package io.prolly.backend.file;

import io.prolly.spi.BackendProvider;
import io.prolly.spi.StoreConfig;
import io.prolly.tck.LockingContract;
import java.nio.file.Path;

/** One open handle per store file, in this JVM and across processes. Public: the other process creates it by name. */
public class FileLockingContractTest extends LockingContract {

  /** Creates the fixture; also called by the other process. */
  public FileLockingContractTest() {}

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

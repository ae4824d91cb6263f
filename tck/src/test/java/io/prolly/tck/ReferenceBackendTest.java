package io.prolly.tck;

import io.prolly.spi.BackendProvider;
import io.prolly.spi.StoreConfig;
import java.nio.file.Path;

/**
 * The control of the self-test: the flawless reference backend, including its persistence,
 * passes the whole contract.
 */
class ReferenceBackendTest extends NodeStoreContract {

  @Override
  public BackendProvider provider() {
    return new ReferenceBackend(ReferenceBackend.Flaw.NONE);
  }

  @Override
  public StoreConfig config(Path directory) {
    return StoreConfig.builder("reference").location(directory).build();
  }

  @Override
  public boolean persistent() {
    return true;
  }
}

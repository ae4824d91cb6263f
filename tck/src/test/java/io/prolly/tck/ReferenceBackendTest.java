package io.prolly.tck;

import io.prolly.spi.BackendProvider;
import io.prolly.spi.StoreConfig;
import java.nio.file.Path;

/**
 * The reference backend against the whole contract. Run by the build, it is the control of the
 * self-test: the flawless backend, including its persistence, passes. {@link TckSelfTest} runs it
 * again with each {@link ReferenceBackend.Flaw} switched on.
 */
class ReferenceBackendTest extends NodeStoreContract {

  /** The flaw the next run uses; only {@link TckSelfTest} changes it, between runs. */
  static volatile ReferenceBackend.Flaw flaw = ReferenceBackend.Flaw.NONE;

  @Override
  public BackendProvider provider() {
    return new ReferenceBackend(flaw);
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

package io.prolly.tck;

import io.prolly.spi.BackendProvider;
import io.prolly.spi.StoreConfig;
import java.nio.file.Path;

/**
 * {@link StoreLocationContract} over {@link CarelessDirectoryBackend}; run only by
 * {@link PersistentContractsSelfTest}, which expects it to fail (not named *Test, so that
 * Surefire does not run it on its own).
 */
public class CarelessDirectoryFixture extends StoreLocationContract {

  @Override
  public BackendProvider provider() {
    return new CarelessDirectoryBackend();
  }

  @Override
  public StoreConfig config(Path directory) {
    return StoreConfig.builder("careless").location(directory).build();
  }

  @Override
  public boolean persistent() {
    return true;
  }
}

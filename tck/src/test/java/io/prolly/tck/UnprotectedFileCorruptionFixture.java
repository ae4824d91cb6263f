package io.prolly.tck;

import io.prolly.spi.BackendProvider;
import io.prolly.spi.StoreConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * {@link CorruptionContract} over {@link UnprotectedFileBackend}; run only by
 * {@link PersistentContractsSelfTest}, which expects it to fail (not named *Test, so that
 * Surefire does not run it on its own).
 */
public class UnprotectedFileCorruptionFixture extends CorruptionContract {

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

  @Override
  protected List<Path> storeFiles(Path directory) {
    return List.of(directory.resolve("store.bin"));
  }
}

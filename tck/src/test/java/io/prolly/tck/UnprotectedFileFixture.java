package io.prolly.tck;

import io.prolly.spi.BackendProvider;
import io.prolly.spi.StoreConfig;
import java.nio.file.Path;

/** The {@link UnprotectedFileBackend} as the contracts' self-tests run it: one file per store. */
public interface UnprotectedFileFixture extends BackendFixture {

  @Override
  default BackendProvider provider() {
    return new UnprotectedFileBackend();
  }

  @Override
  default StoreConfig config(Path directory) {
    return StoreConfig.builder("unprotected").location(directory.resolve("store.bin").toString()).build();
  }

  @Override
  default boolean persistent() {
    return true;
  }
}

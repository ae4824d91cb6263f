package io.prolly.backend.file;

import io.prolly.spi.BackendProvider;
import io.prolly.spi.StoreConfig;
import io.prolly.tck.BackendFixture;
import io.prolly.tck.StoreLayout;
import java.nio.file.Path;
import java.util.Set;

/**
 * How every TCK contract reaches the file backend: a store is one file, {@value #STORE_FILE}, in
 * the test's directory. Each contract test extends its contract and implements this interface, so
 * the fixture is written once.
 */
interface FileFixture extends BackendFixture {

  /** The store file the fixture keeps in each test directory. */
  String STORE_FILE = "store.prolly";

  @Override
  default BackendProvider provider() {
    return new FileBackendProvider();
  }

  @Override
  default StoreConfig config(Path directory) {
    return StoreConfig.builder("file").location(directory.resolve(STORE_FILE).toString()).build();
  }

  @Override
  default boolean persistent() {
    return true;
  }

  @Override
  default StoreLayout layout() {
    return StoreLayout.FILE;
  }

  @Override
  default Set<String> statsFigures() {
    return Set.of("commits", "chunkCount", "fillRate", "cacheSizeBytes", "fileWrites");
  }
}

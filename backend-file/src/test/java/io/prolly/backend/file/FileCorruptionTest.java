package io.prolly.backend.file;

import io.prolly.spi.BackendProvider;
import io.prolly.spi.StoreConfig;
import io.prolly.tck.CorruptionContract;
import java.nio.file.Path;
import java.util.List;

/** The file backend with damaged store files. */
class FileCorruptionTest extends CorruptionContract {

  private static final String FILE_NAME = "store.prolly";

  @Override
  public BackendProvider provider() {
    return new FileBackendProvider();
  }

  @Override
  public StoreConfig config(Path directory) {
    return StoreConfig.builder("file").location(directory.resolve(FILE_NAME).toString()).build();
  }

  @Override
  public boolean persistent() {
    return true;
  }

  @Override
  protected List<Path> storeFiles(Path directory) {
    return List.of(directory.resolve(FILE_NAME));
  }
}

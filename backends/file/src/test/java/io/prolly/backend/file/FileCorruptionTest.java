package io.prolly.backend.file;

import io.prolly.tck.CorruptionContract;
import java.nio.file.Path;
import java.util.List;

/** The file backend with damaged store files. */
class FileCorruptionTest extends CorruptionContract implements FileFixture {

  @Override
  protected List<Path> storeFiles(Path directory) {
    return List.of(directory.resolve(STORE_FILE));
  }
}

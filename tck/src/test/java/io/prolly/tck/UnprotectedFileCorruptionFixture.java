package io.prolly.tck;

import java.nio.file.Path;
import java.util.List;

/**
 * {@link CorruptionContract} over {@link UnprotectedFileBackend}; run only by
 * {@link PersistentContractsSelfTest}, which expects it to fail (not named *Test, so that
 * Surefire does not run it on its own).
 */
public class UnprotectedFileCorruptionFixture extends CorruptionContract implements UnprotectedFileFixture {

  @Override
  protected List<Path> storeFiles(Path directory) {
    return List.of(directory.resolve("store.bin"));
  }
}

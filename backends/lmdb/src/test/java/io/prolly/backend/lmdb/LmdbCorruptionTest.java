package io.prolly.backend.lmdb;

import io.prolly.spi.StoreConfig;
import io.prolly.tck.CorruptionContract;
import java.nio.file.Path;
import java.util.List;

/**
 * The lmdb backend with a damaged data file, opened with the full check: LMDB keeps no checksums,
 * so damage to a node's key is found only by reading every node (with the default structure
 * check such a node would look absent until read or verified; see {@link LmdbOpenCheck}).
 */
class LmdbCorruptionTest extends CorruptionContract implements LmdbFixture {

  @Override
  public StoreConfig config(Path directory) {
    return LmdbFixture.super.config(directory).toBuilder()
        .option(LmdbBackendProvider.CHECK_ON_OPEN, LmdbOpenCheck.FULL).build();
  }

  @Override
  protected List<Path> storeFiles(Path directory) {
    return List.of(directory.resolve(LmdbEnvironment.DATA_FILE));
  }
}

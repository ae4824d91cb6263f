package io.prolly.backend.rocksdb;

import io.prolly.tck.CorruptionContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The RocksDB backend with damaged files: any file of the database (tables, write-ahead logs,
 * manifest, CURRENT), but not the LOCK file or RocksDB's own info logs, which hold no data.
 */
class RocksDbCorruptionTest extends CorruptionContract implements RocksDbFixture {

  @Override
  protected List<Path> storeFiles(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(file -> isData(file.getFileName().toString())).sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isData(String name) {
    return !name.equals("LOCK") && !name.startsWith("LOG");
  }
}

package io.prolly.backend.rocksdb;

import io.prolly.CorruptStoreException;
import io.prolly.ProllyException;
import io.prolly.spi.NodeStore;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.support.StoreDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Locations that are not a RocksDB store of ours are refused with a message saying why. */
class RocksDbLocationTest {

  @TempDir
  Path directory;

  private static NodeStore open(Path location) {
    return new RocksDbBackendProvider().open(StoreConfig.builder("rocksdb").location(location).build());
  }

  @Test
  void aRegularFileIsNotADirectoryStore() throws IOException {
    Path file = Files.writeString(directory.resolve("app.prolly"), "a file");
    assertThatThrownBy(() -> open(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is a file").hasMessageContaining("directory");
    assertThat(Files.readString(file)).as("the file is left alone").isEqualTo("a file");
  }

  @Test
  void aDirectoryThatCannotBeCreatedIsReported() throws IOException {
    Path file = Files.writeString(directory.resolve("file"), "x");
    assertThatThrownBy(() -> open(file.resolve("store"))).isInstanceOf(ProllyException.class)
        .hasMessageContaining("cannot create the directory");
  }

  @Test
  void aMissingDirectoryIsCreated() {
    Path nested = directory.resolve("a/b/store");
    open(nested).close();
    assertThat(nested.resolve(RocksDbEnvironment.CURRENT_FILE)).exists();
  }

  @Test
  void anotherBackendsDirectoryIsRefusedUntouched() throws IOException {
    Files.writeString(directory.resolve("data.mdb"), "");
    Files.writeString(directory.resolve("lock.mdb"), "");
    assertThatThrownBy(() -> open(directory)).isInstanceOf(CorruptStoreException.class)
        .hasMessageContaining("[data.mdb, lock.mdb]").hasMessageContaining("another backend");
    assertThat(directory.resolve(RocksDbEnvironment.CURRENT_FILE)).doesNotExist();
  }

  @Test
  void aRocksDbDatabaseNotWrittenByProllyIsRefused() throws RocksDBException {
    try (Options options = new Options().setCreateIfMissing(true);
        RocksDB db = RocksDB.open(options, directory.toString())) {
      db.put(bytes("alice"), bytes("admin"));
    }
    assertThatThrownBy(() -> open(directory)).isInstanceOf(CorruptStoreException.class)
        .hasMessageContaining("not one written by Prolly")
        .satisfies(e -> assertThat(((CorruptStoreException) e).location()).isEqualTo(directory.toString()));
  }

  @Test
  void aNewerFormatVersionIsRefused() {
    open(directory).close();
    try (RocksDbEnvironment environment = RocksDbEnvironment.open(
        StoreDirectory.prepare(StoreConfig.builder("rocksdb").location(directory).build(), "RocksDB"),
        RocksDbSettings.of(StoreConfig.builder("rocksdb").location(directory).build()))) {
      environment.db().put(environment.meta(), StoreMeta.FORMAT_KEY, bytes(StoreMeta.FORMAT + " 99"));
    } catch (RocksDBException e) {
      throw new AssertionError(e);
    }
    assertThatThrownBy(() -> open(directory)).isInstanceOf(CorruptStoreException.class)
        .hasMessageContaining("format version 99");
  }

  @Test
  void optionsOutOfRangeAreRejected() {
    StoreConfig.Builder base = StoreConfig.builder("rocksdb").location(directory);
    assertThatThrownBy(() -> new RocksDbBackendProvider().open(base.option("blockCacheSize", "4k").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blockCacheSize");
    assertThatThrownBy(() -> new RocksDbBackendProvider().open(
        base.option("blockCacheSize", "8m").option("compression", "gzip").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("compression");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

package io.prolly.backend.lmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.CorruptStoreException;
import io.prolly.ProllyException;
import io.prolly.spi.NodeStore;
import io.prolly.spi.StoreConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Dbi;
import org.lmdbjava.Env;

/** Locations that are not an LMDB store of ours are refused with a message saying why. */
class LmdbLocationTest {

  @TempDir
  Path directory;

  private static NodeStore open(Path location) {
    return new LmdbBackendProvider().open(StoreConfig.builder("lmdb").location(location).build());
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
    assertThat(nested.resolve(LmdbEnvironment.DATA_FILE)).exists();
  }

  @Test
  void anotherBackendsDirectoryIsRefusedUntouched() throws IOException {
    Files.writeString(directory.resolve("CURRENT"), "MANIFEST-000001\n");
    Files.writeString(directory.resolve("LOCK"), "");
    assertThatThrownBy(() -> open(directory)).isInstanceOf(CorruptStoreException.class)
        .hasMessageContaining("[CURRENT, LOCK]").hasMessageContaining("another backend");
    assertThat(directory.resolve(LmdbEnvironment.DATA_FILE)).doesNotExist();
  }

  @Test
  void anLmdbEnvironmentNotWrittenByProllyIsRefused() {
    try (Env<byte[]> env = Env.create(ByteArrayProxy.PROXY_BA).setMaxDbs(1).open(directory.toFile())) {
      Dbi<byte[]> dbi = env.openDbi("users", DbiFlags.MDB_CREATE);
      dbi.put(bytes("alice"), bytes("admin"));
    }
    assertThatThrownBy(() -> open(directory)).isInstanceOf(CorruptStoreException.class)
        .hasMessageContaining("not one written by Prolly")
        .satisfies(e -> assertThat(((CorruptStoreException) e).location()).isEqualTo(directory.toString()));
  }

  @Test
  void aNewerFormatVersionIsRefused() {
    open(directory).close();
    try (Env<byte[]> env = Env.create(ByteArrayProxy.PROXY_BA).setMaxDbs(3).open(directory.toFile())) {
      Dbi<byte[]> meta = env.openDbi("meta");
      meta.put(bytes("format"), bytes(StoreMeta.FORMAT + " 99"));
    }
    assertThatThrownBy(() -> open(directory)).isInstanceOf(CorruptStoreException.class)
        .hasMessageContaining("format version 99");
  }

  @Test
  void optionsOutOfRangeAreRejected() {
    StoreConfig.Builder base = StoreConfig.builder("lmdb").location(directory);
    assertThatThrownBy(() -> new LmdbBackendProvider().open(base.option("mapSize", "4k").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mapSize");
    assertThatThrownBy(() -> new LmdbBackendProvider().open(base.option("mapSize", "1g").option("maxReaders", "0").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxReaders");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

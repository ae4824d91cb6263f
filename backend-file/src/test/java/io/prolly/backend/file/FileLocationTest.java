package io.prolly.backend.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.prolly.CorruptStoreException;
import io.prolly.ProllyException;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.WriteTransaction;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a store file may live, and what the backend says about files that are not its own. */
class FileLocationTest {

  @TempDir
  Path directory;

  @Test
  void missingParentDirectoriesAreCreated() {
    Path file = directory.resolve("a").resolve("b").resolve("store.prolly");
    try (NodeStore store = open(file)) {
      commitNode(store, "node");
    }
    assertThat(file).isRegularFile();
    try (NodeStore store = open(file); ReadTransaction tx = store.beginRead()) {
      assertThat(tx.get(Hash.of(bytes("node")))).isEqualTo(bytes("node"));
    }
  }

  @Test
  void aDirectoryIsRejectedWithAnExampleFileName() {
    assertThatThrownBy(() -> open(directory))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is a directory")
        .hasMessageContaining("store.prolly");
  }

  @Test
  void anEmptyLocationIsRejected() {
    assertThatThrownBy(() -> new FileBackendProvider().open(StoreConfig.parse("file:")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no location");
  }

  @Test
  void aParentThatIsAFileIsReportedClearly() throws Exception {
    Path notADirectory = Files.writeString(directory.resolve("plain.txt"), "text");
    assertThatThrownBy(() -> open(notADirectory.resolve("store.prolly")))
        .isInstanceOf(ProllyException.class)
        .hasMessageContaining("cannot create the directory");
  }

  @Test
  void anUnwritableDirectoryIsReportedClearly() {
    // /proc refuses new files even to root, so this works where permission bits would not.
    Path proc = Path.of("/proc");
    assumeTrue(Files.isDirectory(proc), "needs Linux /proc");
    assertThatThrownBy(() -> open(proc.resolve("prolly-test.prolly")))
        .isExactlyInstanceOf(ProllyException.class)
        .hasMessageContaining("/proc/prolly-test.prolly")
        .hasMessageContaining("writable");
  }

  @Test
  void aTextFileIsCorruptNamingThePath() throws Exception {
    Path file = Files.writeString(directory.resolve("notes.txt"), "not a store\n".repeat(2000));
    assertCorrupt(file);
  }

  @Test
  void aShortForeignFileIsCorruptNamingThePath() throws Exception {
    Path file = Files.writeString(directory.resolve("short.txt"), "hello");
    assertCorrupt(file);
  }

  @Test
  void randomBytesAreCorruptNamingThePath() throws Exception {
    byte[] noise = new byte[64 * 1024];
    new Random(7).nextBytes(noise);
    Path file = Files.write(directory.resolve("noise.bin"), noise);
    assertCorrupt(file);
  }

  @Test
  void anMVStoreFileOfAnotherProgramIsCorruptAndLeftAlone() throws Exception {
    Path file = directory.resolve("other.mv.db");
    try (MVStore other = MVStore.open(file.toString())) {
      other.<String, String>openMap("settings").put("colour", "blue");
      other.commit();
    }
    byte[] before = Files.readAllBytes(file);
    assertThatThrownBy(() -> open(file))
        .isInstanceOf(CorruptStoreException.class)
        .hasMessageContaining("not a Prolly store file");
    assertThat(Files.readAllBytes(file)).as("the foreign file is not modified").isEqualTo(before);
  }

  @Test
  void anEmptyFileBecomesANewStore() throws Exception {
    Path file = Files.createFile(directory.resolve("empty.prolly"));
    try (NodeStore store = open(file)) {
      commitNode(store, "first");
      assertThat(store.stats().nodeCount()).isEqualTo(1);
    }
  }

  @Test
  void aFileCutShortAfterACleanCloseIsCorruptNotSilentlyOld() throws Exception {
    Path file = directory.resolve("store.prolly");
    try (NodeStore store = open(file)) {
      for (int i = 0; i < 50; i++) {
        commitNode(store, "node " + i + " " + "x".repeat(10_000));
      }
    }
    long size = Files.size(file);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(size - 4096);
    }
    assertCorrupt(file);
  }

  private void assertCorrupt(Path file) {
    assertThatThrownBy(() -> open(file))
        .isInstanceOf(CorruptStoreException.class)
        .hasMessageContaining(file.toString())
        .satisfies(e -> assertThat(((CorruptStoreException) e).location()).isEqualTo(file.toString()));
  }

  private static NodeStore open(Path file) {
    return new FileBackendProvider().open(StoreConfig.parse("file:" + file));
  }

  private static void commitNode(NodeStore store, String text) {
    try (WriteTransaction tx = store.beginWrite()) {
      tx.put(Hash.of(bytes(text)), bytes(text));
      tx.commit();
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

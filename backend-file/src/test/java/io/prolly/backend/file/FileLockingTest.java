package io.prolly.backend.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.StoreLockedException;
import io.prolly.spi.NodeStore;
import io.prolly.spi.StoreConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One handle per store file: a second open, here or in another JVM, fails with StoreLockedException. */
@SuppressWarnings("try") // The handles are opened only to hold the lock; their bodies never use them.
class FileLockingTest {

  @TempDir
  Path directory;

  @Test
  void secondOpenInTheSameJvmIsRefusedWhileTheFirstIsOpen() {
    StoreConfig config = config();
    try (NodeStore held = new FileBackendProvider().open(config)) {
      assertThatThrownBy(() -> new FileBackendProvider().open(config))
          .isInstanceOf(StoreLockedException.class)
          .hasMessageContaining(config.location())
          .satisfies(e -> assertThat(((StoreLockedException) e).location()).isEqualTo(config.location()));
    }
    try (NodeStore again = new FileBackendProvider().open(config)) {
      assertThat(again.stats().nodeCount()).as("the store opens again once the first handle is closed").isZero();
    }
  }

  @Test
  void anotherPathToTheSameFileIsRefusedToo() {
    StoreConfig config = config();
    Path roundabout = directory.resolve("sub").resolve("..").resolve("store.prolly");
    try (NodeStore held = new FileBackendProvider().open(config)) {
      assertThatThrownBy(() -> new FileBackendProvider().open(StoreConfig.parse("file:" + roundabout)))
          .isInstanceOf(StoreLockedException.class);
    }
  }

  @Test
  void aSymbolicLinkToAnOpenFileIsRefused() throws Exception {
    StoreConfig config = config();
    try (NodeStore held = new FileBackendProvider().open(config)) {
      Path link = Files.createSymbolicLink(directory.resolve("link.prolly"), directory.resolve("store.prolly"));
      assertThatThrownBy(() -> new FileBackendProvider().open(StoreConfig.parse("file:" + link)))
          .isInstanceOf(StoreLockedException.class);
      assertThat(probe(config)).as("exit code of a second JVM after the refused open through the link")
          .isEqualTo(LockProbe.LOCKED);
    }
  }

  @Test
  void anotherJvmIsRefusedWhileTheStoreIsOpenAndAdmittedAfterClose() throws Exception {
    StoreConfig config = config();
    try (NodeStore held = new FileBackendProvider().open(config)) {
      // A refused open in this JVM must not release the lock that keeps other processes out.
      assertThatThrownBy(() -> new FileBackendProvider().open(config)).isInstanceOf(StoreLockedException.class);
      assertThat(probe(config)).as("exit code of a second JVM opening the open store").isEqualTo(LockProbe.LOCKED);
    }
    assertThat(probe(config)).as("exit code of a second JVM once the store is closed").isEqualTo(LockProbe.OPENED);
  }

  private StoreConfig config() {
    return StoreConfig.parse("file:" + directory.resolve("store.prolly"));
  }

  private int probe(StoreConfig config) throws IOException, InterruptedException {
    Path output = directory.resolve("probe.log");
    Process child = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), LockProbe.class.getName(), config.toString()))
        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    try {
      int exit = child.waitFor();
      if (exit != LockProbe.LOCKED && exit != LockProbe.OPENED) {
        throw new AssertionError("the probe JVM failed with exit code " + exit + ":\n"
            + Files.readString(output, StandardCharsets.UTF_8));
      }
      return exit;
    } finally {
      child.destroyForcibly();
    }
  }
}

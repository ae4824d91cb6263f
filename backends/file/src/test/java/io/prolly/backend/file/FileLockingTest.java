package io.prolly.backend.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.error.StoreLockedException;
import io.prolly.spi.NodeStore;
import io.prolly.spi.StoreConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ways of reaching an open store file by another path; the locking rules every backend shares are
 * in {@link FileLockingContractTest}.
 */
@SuppressWarnings("try") // The handles are opened only to hold the lock; their bodies never use them.
class FileLockingTest {

  @TempDir
  Path directory;

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

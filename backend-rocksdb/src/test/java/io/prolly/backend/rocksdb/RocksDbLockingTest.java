package io.prolly.backend.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.StoreLockedException;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.StoreConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RocksDB's LOCK file allows one open store per location, in this JVM and across processes. */
class RocksDbLockingTest {

  @TempDir
  Path directory;

  private StoreConfig config() {
    return StoreConfig.builder("rocksdb").location(directory).build();
  }

  @Test
  void secondOpenInTheSameJvmIsLockedUntilTheFirstCloses() {
    NodeStore first = new RocksDbBackendProvider().open(config());
    assertThatThrownBy(() -> new RocksDbBackendProvider().open(config()))
        .isInstanceOf(StoreLockedException.class)
        .hasMessageContaining("already open in this process")
        .satisfies(e -> assertThat(((StoreLockedException) e).location()).isEqualTo(directory.toString()));
    try (ReadTransaction tx = first.beginRead()) {
      assertThat(tx.refs("")).as("the first store is unharmed by the refused open").isEmpty();
    }
    first.close();
    new RocksDbBackendProvider().open(config()).close();
  }

  @Test
  void storeHeldByAnotherProcessIsLocked() throws Exception {
    Process child = startHolder();
    try {
      BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertThat(output.readLine()).as("the child's first line").isEqualTo("open");
      assertThatThrownBy(() -> new RocksDbBackendProvider().open(config()))
          .isInstanceOf(StoreLockedException.class)
          .hasMessageContaining("another process");
    } finally {
      child.getOutputStream().close();
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child exited").isTrue();
    }
    assertThat(child.exitValue()).isZero();
    new RocksDbBackendProvider().open(config()).close();
  }

  @Test
  void anotherProcessCannotOpenAStoreHeldHere() throws Exception {
    try (NodeStore store = new RocksDbBackendProvider().open(config())) {
      Process child = startHolder();
      child.getOutputStream().close();
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child exited").isTrue();
      String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(child.exitValue()).as("child's exit status; it printed: %s", output).isEqualTo(LockHolder.LOCKED_STATUS);
      assertThat(output).contains("another process");
    }
  }

  private Process startHolder() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(),
        directory.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }
}

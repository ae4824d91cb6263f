package io.prolly.backend.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.WriteTransaction;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A thread's pending interrupt neither breaks the store nor gets lost. */
class FileInterruptTest {

  @TempDir
  Path directory;

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @Test
  void openCommitReadAndCloseWorkForAnInterruptedThreadAndKeepTheFlag() {
    StoreConfig config = StoreConfig.parse("file:" + directory.resolve("store.prolly") + "?cacheSize=0");
    byte[] first = new byte[100_000];
    byte[] second = new byte[] {2};
    try (NodeStore store = new FileBackendProvider().open(config)) {
      Thread.currentThread().interrupt();
      commit(store, first);
      assertThat(Thread.currentThread().isInterrupted()).as("interrupt flag after a commit").isTrue();
    }
    assertThat(Thread.currentThread().isInterrupted()).as("interrupt flag after close").isTrue();
    // Reopened without a cache, so the read below goes to the file.
    try (NodeStore store = new FileBackendProvider().open(config)) {
      assertThat(Thread.currentThread().isInterrupted()).as("interrupt flag after open").isTrue();
      try (ReadTransaction tx = store.beginRead()) {
        assertThat(tx.get(Hash.of(first))).isEqualTo(first);
      }
      assertThat(Thread.currentThread().isInterrupted()).as("interrupt flag after a read").isTrue();
      Thread.interrupted();
      commit(store, second);
      try (ReadTransaction tx = store.beginRead()) {
        assertThat(tx.get(Hash.of(second))).as("the store still works").isEqualTo(second);
      }
    }
  }

  private static void commit(NodeStore store, byte[] node) {
    try (WriteTransaction tx = store.beginWrite()) {
      tx.put(Hash.of(node), node);
      tx.commit();
    }
  }
}

package io.prolly.backend.lmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.error.ProllyException;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.WriteTransaction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each transaction holds one LMDB reader slot only while it is open. */
class LmdbReaderSlotsTest {

  private static final int SLOTS = 8;

  @TempDir
  Path directory;

  private NodeStore open() {
    return new LmdbBackendProvider().open(StoreConfig.builder("lmdb").location(directory)
        .option(LmdbBackendProvider.MAX_READERS, (long) SLOTS).build());
  }

  @Test
  void thousandsOfShortTransactionsDoNotExhaustEightReaderSlots() {
    try (NodeStore store = open()) {
      byte[] node = "node".getBytes(StandardCharsets.UTF_8);
      Hash id = Hash.of(node);
      for (int i = 0; i < 5_000; i++) {
        try (ReadTransaction tx = store.beginRead()) {
          tx.get(id);
        }
      }
      for (int i = 0; i < 1_000; i++) {
        try (WriteTransaction tx = store.beginWrite()) {
          tx.put(id, node);
          if (i % 2 == 0) {
            tx.commit();
          }
        }
      }
      ReadTransaction ended = store.beginRead();
      ended.close();
      // LMDB reuses a freed slot, so its high-water mark stays at the most transactions ever open
      // at once: one here (two if a slot was still being released). A leak would have hit eight.
      assertThat(store.stats().figures().get("readerSlotsHighWater")).as("reader slots ever in use at once")
          .isLessThanOrEqualTo(2L);
    }
  }

  @Test
  void transactionsBeyondTheSlotsFailClearlyUntilOneCloses() {
    try (NodeStore store = open()) {
      List<ReadTransaction> open = new ArrayList<>();
      for (int i = 0; i < SLOTS; i++) {
        open.add(store.beginRead());
      }
      assertThatThrownBy(store::beginRead).isInstanceOf(ProllyException.class)
          .hasMessageContaining("reader slots").hasMessageContaining("maxReaders");
      open.remove(0).close();
      try (ReadTransaction tx = store.beginRead()) {
        assertThat(tx.refs("")).isEmpty();
      }
      open.forEach(ReadTransaction::close);
    }
  }
}

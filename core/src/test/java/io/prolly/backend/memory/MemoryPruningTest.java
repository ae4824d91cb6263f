package io.prolly.backend.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.WriteTransaction;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MemoryPruningTest {

  private static final String PRUNABLE = "deletedNodesAwaitingPruning";

  @Test
  void deletedNodesStayForOpenSnapshotsAndLeaveWhenTheyClose() {
    byte[] node = "garbage".getBytes(StandardCharsets.UTF_8);
    Hash id = Hash.of(node);
    try (NodeStore store = new MemoryBackendProvider().open(StoreConfig.parse("memory:"))) {
      write(store, tx -> tx.put(id, node));
      ReadTransaction before = store.beginRead();
      write(store, tx -> tx.delete(id));
      write(store, tx -> tx.setRef("heads/main", null, Hash.of(new byte[0])));
      assertThat(before.get(id)).as("the deleted node, in a snapshot from before the delete").isEqualTo(node);
      assertThat(store.stats().figures().get(PRUNABLE)).isEqualTo(1);

      before.close();
      write(store, tx -> tx.setRef("heads/main", tx.ref("heads/main"), null));
      assertThat(store.stats().figures().get(PRUNABLE)).as("after the snapshot closed and a commit").isZero();
      try (ReadTransaction after = store.beginRead()) {
        assertThat(after.get(id)).isNull();
      }
    }
  }

  @Test
  void aNodePutAgainAfterDeletionIsLiveAndItsHistoryIsPruned() {
    byte[] node = "phoenix".getBytes(StandardCharsets.UTF_8);
    Hash id = Hash.of(node);
    try (NodeStore store = new MemoryBackendProvider().open(StoreConfig.parse("memory:"))) {
      write(store, tx -> tx.put(id, node));
      write(store, tx -> tx.delete(id));
      write(store, tx -> tx.put(id, node));
      write(store, tx -> tx.setRef("heads/main", null, id));
      try (ReadTransaction tx = store.beginRead()) {
        assertThat(tx.get(id)).isEqualTo(node);
      }
      assertThat(store.stats().nodeCount()).isEqualTo(1);
      assertThat(store.stats().figures().get(PRUNABLE)).isZero();
    }
  }

  private static void write(NodeStore store, java.util.function.Consumer<WriteTransaction> body) {
    try (WriteTransaction tx = store.beginWrite()) {
      body.accept(tx);
      tx.commit();
    }
  }
}

package io.prolly.backend.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.spi.Durability;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.WriteTransaction;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compaction moves pages but changes no data: not for open snapshots, not for new transactions,
 * not after reopen. The test runs one housekeeping pass itself instead of waiting for the thread.
 */
class FileHousekeepingTest {

  @TempDir
  Path directory;

  @Test
  void compactionKeepsSnapshotsAndCommittedDataIntact() {
    StoreConfig config = StoreConfig.parse("file:" + directory.resolve("store.prolly"));
    // Free chunks at once, so that compaction has something to do without waiting 45 seconds.
    FileSettings settings = new FileSettings(16, false, 95, true, Durability.IMMEDIATE, 0);
    Map<Hash, byte[]> all = new LinkedHashMap<>();
    Random random = new Random(3);
    try (NodeStore store = FileNodeStore.open(config, settings)) {
      for (int commit = 0; commit < 40; commit++) {
        try (WriteTransaction tx = store.beginWrite()) {
          for (int i = 0; i < 25; i++) {
            byte[] node = new byte[random.nextInt(3000)];
            random.nextBytes(node);
            tx.put(Hash.of(node), node);
            all.put(Hash.of(node), node);
          }
          tx.commit();
        }
      }
      Map<Hash, byte[]> kept = new LinkedHashMap<>();
      try (WriteTransaction tx = store.beginWrite()) {
        int i = 0;
        for (Map.Entry<Hash, byte[]> node : all.entrySet()) {
          if (i++ % 10 == 0) {
            kept.put(node.getKey(), node.getValue());
          } else {
            tx.delete(node.getKey());
          }
        }
        tx.commit();
      }
      long fillRate = store.stats().figures().get("chunksFillRate");
      assertThat(fillRate).as("chunk fill rate after deleting 90%% of the nodes").isLessThan(95);
      long version = store.stats().figures().get("version");

      try (ReadTransaction before = store.beginRead()) {
        ((FileNodeStore) store).housekeep();
        assertThat(store.stats().figures().get("version")).as("MVStore version after compaction rewrote chunks")
            .isGreaterThan(version);
        assertSeesExactly(before, kept, "a snapshot taken before compaction");
      }
      try (ReadTransaction after = store.beginRead()) {
        assertSeesExactly(after, kept, "a transaction begun after compaction");
      }
      assertThat(store.stats().nodeCount()).isEqualTo(kept.size());
    }
    try (NodeStore store = new FileBackendProvider().open(config); ReadTransaction tx = store.beginRead()) {
      assertSeesExactly(tx, kept(all), "after reopening the compacted file");
    }
  }

  private static Map<Hash, byte[]> kept(Map<Hash, byte[]> all) {
    Map<Hash, byte[]> kept = new LinkedHashMap<>();
    int i = 0;
    for (Map.Entry<Hash, byte[]> node : all.entrySet()) {
      if (i++ % 10 == 0) {
        kept.put(node.getKey(), node.getValue());
      }
    }
    return kept;
  }

  private static void assertSeesExactly(ReadTransaction tx, Map<Hash, byte[]> nodes, String context) {
    nodes.forEach((id, node) -> assertThat(tx.get(id)).as("%s: node %s", context, id.toShortHex()).isEqualTo(node));
    Set<Hash> listed = new HashSet<>();
    tx.forEachNode(listed::add);
    assertThat(listed).as("%s: the listed nodes", context).isEqualTo(nodes.keySet());
  }
}

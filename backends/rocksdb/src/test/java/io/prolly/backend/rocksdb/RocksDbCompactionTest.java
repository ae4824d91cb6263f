package io.prolly.backend.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.WriteTransaction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deleted nodes stay in RocksDB's tables until a compaction drops them; {@code compact()} runs
 * that compaction, so the directory shrinks and the nodes left read the same.
 */
class RocksDbCompactionTest {

  @TempDir
  Path directory;

  @Test
  void compactAfterDeletesShrinksTheDirectoryAndKeepsTheRest() {
    StoreConfig config = StoreConfig.builder("rocksdb").location(directory).option("compression", "none").build();
    List<byte[]> nodes = new ArrayList<>();
    Random random = new Random(11);
    try (NodeStore store = new RocksDbBackendProvider().open(config)) {
      for (int batch = 0; batch < 8; batch++) {
        try (WriteTransaction tx = store.beginWrite()) {
          for (int i = 0; i < 250; i++) {
            byte[] node = new byte[4096];
            random.nextBytes(node);
            tx.put(Hash.of(node), node);
            nodes.add(node);
          }
          tx.commit();
        }
      }
      store.compact();
      long full = store.stats().storageBytes();
      try (WriteTransaction tx = store.beginWrite()) {
        for (int i = 0; i < nodes.size(); i++) {
          if (i % 10 != 0) {
            tx.delete(Hash.of(nodes.get(i)));
          }
        }
        tx.commit();
      }
      store.compact();
      long compacted = store.stats().storageBytes();

      assertThat(compacted).as("bytes on disk after deleting 90%% of %,d bytes and compacting", full)
          .isLessThan(full / 3);
      assertKept(store, nodes);
    }
    try (NodeStore store = new RocksDbBackendProvider().open(config)) {
      assertKept(store, nodes);
    }
  }

  private static void assertKept(NodeStore store, List<byte[]> nodes) {
    try (ReadTransaction tx = store.beginRead()) {
      for (int i = 0; i < nodes.size(); i++) {
        Hash id = Hash.of(nodes.get(i));
        if (i % 10 == 0) {
          assertThat(tx.get(id)).as("node %d, kept", i).isEqualTo(nodes.get(i));
        } else {
          assertThat(tx.contains(id)).as("node %d, deleted", i).isFalse();
        }
      }
    }
    assertThat(store.stats().nodeCount()).isEqualTo(nodes.size() / 10);
  }
}

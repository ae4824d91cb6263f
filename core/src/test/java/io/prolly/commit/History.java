package io.prolly.commit;

import io.prolly.backend.memory.MemoryBackendProvider;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.WriteTransaction;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

/** Builds commit histories in a memory store for the tests; commit i has timestamp i seconds. */
final class History implements AutoCloseable {

  final NodeStore store = new MemoryBackendProvider().open(StoreConfig.parse("memory:"));
  private long clock;

  Hash commit(String message, Hash... parents) {
    Commit commit = new Commit(Hash.of(message.getBytes()), List.of(parents), "ada", message,
        Instant.ofEpochSecond(++clock), new TreeMap<>());
    byte[] node = commit.encode();
    try (WriteTransaction tx = store.beginWrite()) {
      tx.put(Hash.of(node), node);
      tx.commit();
    }
    return Hash.of(node);
  }

  /** A line of commits "0", "1", … each the parent of the next; returns the newest. */
  Hash line(int commits) {
    Hash head = commit("0");
    for (int i = 1; i < commits; i++) {
      head = commit(Integer.toString(i), head);
    }
    return head;
  }

  void ref(String name, Hash target) {
    try (WriteTransaction tx = store.beginWrite()) {
      tx.setRef(name, tx.ref(name), target);
      tx.commit();
    }
  }

  ReadTransaction read() {
    return store.beginRead();
  }

  @Override
  public void close() {
    store.close();
  }
}

package io.prolly;

import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import java.util.SortedMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Reads a store one short transaction per call. Nodes never change once written (their id is the
 * hash of their bytes), so a tree can be read node by node across many transactions and still be
 * read consistently: this lets lazy iterators and streams hand out data without holding a
 * transaction, and so without holding a reader slot, for as long as the caller keeps them.
 *
 * <p>Refs do change; each ref read sees the latest commit. Thread-safe.
 */
final class DetachedReads implements ReadTransaction {

  private final NodeStore store;

  DetachedReads(NodeStore store) {
    this.store = store;
  }

  @Override
  public byte @Nullable [] get(Hash id) {
    try (ReadTransaction tx = store.beginRead()) {
      return tx.get(id);
    }
  }

  @Override
  public boolean contains(Hash id) {
    try (ReadTransaction tx = store.beginRead()) {
      return tx.contains(id);
    }
  }

  @Override
  public @Nullable Hash ref(String name) {
    try (ReadTransaction tx = store.beginRead()) {
      return tx.ref(name);
    }
  }

  @Override
  public SortedMap<String, Hash> refs(String prefix) {
    try (ReadTransaction tx = store.beginRead()) {
      return tx.refs(prefix);
    }
  }

  @Override
  public void forEachNode(Consumer<Hash> action) {
    try (ReadTransaction tx = store.beginRead()) {
      tx.forEachNode(action);
    }
  }

  @Override
  public void close() {
    // Nothing is held between calls.
  }
}

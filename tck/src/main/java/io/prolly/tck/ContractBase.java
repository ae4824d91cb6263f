package io.prolly.tck;

import io.prolly.spi.Durability;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.WriteTransaction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What every group of storage rules shares: stores opened in a fresh directory per try (closed
 * and deleted after it, see {@link TryResources}), and small helpers to write and read.
 */
abstract class ContractBase extends TryResources<NodeStore> {

  ContractBase(BackendFixture fixture) {
    super(fixture, "store");
  }

  /** Opens a store in a new, empty directory. */
  final StoreHandle newStore() {
    return newStore(Durability.IMMEDIATE);
  }

  final StoreHandle newStore(Durability durability) {
    return new StoreHandle(newDirectory("prolly-tck-"), durability);
  }

  /** A store of the backend under test, in its own directory, that can be closed and reopened. */
  final class StoreHandle {
    final Path directory;
    final Durability durability;
    NodeStore store;

    StoreHandle(Path directory, Durability durability) {
      this.directory = directory;
      this.durability = durability;
      this.store = open();
    }

    /** Closes the store and opens the same location again. */
    NodeStore reopen() {
      store.close();
      store = open();
      return store;
    }

    private NodeStore open() {
      StoreConfig config = fixture().config(directory).toBuilder().durability(durability).build();
      return closeAfterTry(fixture().provider().open(config));
    }
  }

  // ---- small helpers shared by the rules ----

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static Hash idOf(byte[] node) {
    return Hash.of(node);
  }

  /** Commits nodes and refs in one transaction. */
  static void commit(NodeStore store, Map<Hash, byte[]> nodes, Map<String, Hash> refs) {
    try (WriteTransaction tx = store.beginWrite()) {
      tx.putAll(nodes);
      refs.forEach((name, value) -> tx.setRef(name, tx.ref(name), value));
      tx.commit();
    }
  }

  /** Stores one node in its own transaction and returns its id. */
  static Hash commitNode(NodeStore store, byte[] node) {
    Hash id = idOf(node);
    try (WriteTransaction tx = store.beginWrite()) {
      tx.put(id, node);
      tx.commit();
    }
    return id;
  }

  static Set<Hash> nodeIds(ReadTransaction tx) {
    Set<Hash> ids = new HashSet<>();
    tx.forEachNode(ids::add);
    return ids;
  }
}

package io.prolly.tck;

import io.prolly.spi.Durability;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.WriteTransaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * What every group of rules shares: a fresh directory per try, stores opened through the
 * fixture and closed after the try, and small helpers to write and read.
 */
abstract class ContractBase {

  private final BackendFixture fixture;
  private final OpenStores<NodeStore> opened = new OpenStores<>();
  private final List<Path> directories = new ArrayList<>();

  ContractBase(BackendFixture fixture) {
    this.fixture = fixture;
  }

  final BackendFixture fixture() {
    return fixture;
  }

  @BeforeTry
  final void startTry() {
    cleanUp();
  }

  @AfterTry
  final void finishTry() {
    cleanUp();
  }

  @AfterProperty
  final void finishProperty() {
    cleanUp();
  }

  /** Opens a store in a new, empty directory. */
  final StoreHandle newStore() {
    return newStore(Durability.IMMEDIATE);
  }

  final StoreHandle newStore(Durability durability) {
    Path directory = TestDirectories.create("prolly-tck-");
    directories.add(directory);
    return new StoreHandle(directory, durability);
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
      StoreConfig config = fixture.config(directory).toBuilder().durability(durability).build();
      return opened.add(fixture.provider().open(config));
    }
  }

  private void cleanUp() {
    RuntimeException failure = opened.closeAll();
    for (Path directory : directories) {
      TestDirectories.delete(directory);
    }
    directories.clear();
    if (failure != null) {
      throw new AssertionError("closing a store failed", failure);
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

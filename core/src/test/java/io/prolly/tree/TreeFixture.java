package io.prolly.tree;

import io.prolly.backend.Backends;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.WriteTransaction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/** A memory store with shortcuts to write trees in one committed transaction each, and read them back. */
final class TreeFixture implements AutoCloseable {

  /** Small nodes, so that a few thousand entries make trees of several levels. */
  static final TreeConfig SMALL = new TreeConfig(64, 256, 1024, 4, 256);

  /** Tiny nodes: deep trees from a few hundred entries. */
  static final TreeConfig TINY = new TreeConfig(32, 96, 256, 4, 64);

  final NodeStore store = Backends.discover().open("memory:");
  private final NodeCache cache;

  TreeFixture() {
    this(NodeCache.none());
  }

  TreeFixture(NodeCache cache) {
    this.cache = cache;
  }

  static NavigableMap<byte[], byte[]> newModel() {
    return new TreeMap<>(Arrays::compareUnsigned);
  }

  Tree apply(Tree tree, Edits edits) {
    return write(writer -> writer.apply(tree, edits));
  }

  Tree build(TreeConfig config, Map<byte[], byte[]> sorted) {
    List<Entry> entries = new ArrayList<>();
    sorted.forEach((key, value) -> entries.add(new Entry(key, value)));
    return build(config, entries.iterator());
  }

  Tree build(TreeConfig config, Iterator<Entry> entries) {
    return write(writer -> writer.build(config, entries));
  }

  <T> T read(Function<TreeReader, T> action) {
    try (ReadTransaction tx = store.beginRead()) {
      return action.apply(new TreeReader(tx, cache));
    }
  }

  <T> T readNodes(Function<NodeLoader, T> action) {
    try (ReadTransaction tx = store.beginRead()) {
      return action.apply(new NodeLoader(tx, cache, null));
    }
  }

  <T> T write(Function<TreeWriter, T> action) {
    try (WriteTransaction tx = store.beginWrite()) {
      T result = action.apply(new TreeWriter(tx, cache));
      tx.commit();
      return result;
    }
  }

  /** Returns the ids of every node reachable from a tree's root, found from the node bytes alone. */
  Set<Hash> reachableNodes(Tree tree) {
    try (ReadTransaction tx = store.beginRead()) {
      Set<Hash> seen = new HashSet<>();
      Deque<Hash> pending = new ArrayDeque<>(List.of(tree.root()));
      while (!pending.isEmpty()) {
        Hash id = pending.pop();
        byte[] bytes = id.equals(NodeFormat.EMPTY_LEAF_HASH) ? NodeFormat.EMPTY_LEAF : tx.get(id);
        if (seen.add(id)) {
          pending.addAll(NodeFormat.references(id, bytes));
        }
      }
      return seen;
    }
  }

  /** Returns the number of nodes in the store. */
  long nodeCount() {
    return store.stats().nodeCount();
  }

  /** Returns a new fixture whose store holds the nodes of this one, but other bytes for one of them. */
  TreeFixture copyReplacing(Hash id, byte[] replacement, NodeCache cache) {
    TreeFixture copy = new TreeFixture(cache);
    try (ReadTransaction from = store.beginRead(); WriteTransaction to = copy.store.beginWrite()) {
      from.forEachNode(node -> to.put(node, node.equals(id) ? replacement : from.get(node)));
      to.commit();
    }
    return copy;
  }

  @Override
  public void close() {
    store.close();
  }
}

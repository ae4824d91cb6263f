package io.prolly;

import io.prolly.error.CorruptNodeException;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.tree.Entry;
import io.prolly.tree.KeyRange;
import io.prolly.tree.Tree;
import io.prolly.tree.TreeNodes;
import io.prolly.tree.TreeReader;
import java.util.Iterator;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Walks the nodes a commit records: its namespace registry and every namespace tree in it, large
 * values included. What garbage collection marks, bundles export, and imports check.
 *
 * <p>Not thread-safe; use one per transaction.
 */
final class CommitTrees {

  /** The empty tree's root is implied, never stored, so it is never offered to a visitor. */
  private static final Hash EMPTY_TREE = NamespaceRegistry.EMPTY.root();

  private final TreeNodes nodes;
  private final TreeReader registries;

  CommitTrees(ReadTransaction tx) {
    this.nodes = new TreeNodes(tx);
    this.registries = new TreeReader(tx);
  }

  /**
   * Visits the nodes of a registry and its namespaces depth-first, as {@link TreeNodes#walk}
   * does: {@code enter} is asked about each node and answering false skips it and everything
   * below. If the registry's root is skipped, its namespaces are too: the same registry records
   * the same namespace trees.
   *
   * @param registryRoot the root of a commit's namespace registry
   * @param enter decides whether to read a node and visit its children
   * @throws CorruptNodeException if a node entered is missing or malformed
   */
  void walk(Hash registryRoot, Predicate<Hash> enter) {
    walk(registryRoot, enter, (id, node) -> { });
  }

  /**
   * Visits like {@link #walk(Hash, Predicate)}, handing every node read to {@code visit}.
   *
   * @param registryRoot the root of a commit's namespace registry
   * @param enter decides whether to read a node and visit its children
   * @param visit given the id and bytes of every node read
   * @throws CorruptNodeException if a node entered is missing or malformed
   */
  void walk(Hash registryRoot, Predicate<Hash> enter, BiConsumer<Hash, byte[]> visit) {
    Predicate<Hash> stored = id -> !id.equals(EMPTY_TREE) && enter.test(id);
    if (!stored.test(registryRoot)) {
      return;
    }
    nodes.walk(registryRoot, id -> id.equals(registryRoot) || stored.test(id), visit);
    Iterator<Entry> namespaces = registries.iterator(NamespaceRegistry.at(registryRoot), KeyRange.all());
    while (namespaces.hasNext()) {
      nodes.walk(Tree.fromBytes(namespaces.next().value()).root(), stored, visit);
    }
  }
}

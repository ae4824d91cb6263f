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
import java.util.function.Consumer;
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

  private final Predicate<String> namespaces;
  private final Predicate<String> present;
  private final Consumer<Hash> lacking;

  CommitTrees(ReadTransaction tx) {
    this(tx, path -> true, path -> true, id -> { });
  }

  /**
   * Walks only the namespaces whose path {@code namespaces} accepts, for a partial clone, and of
   * those only the ones {@code present} says are here: the root of each other one goes to
   * {@code lacking}, for callers that must know what they could not send.
   */
  CommitTrees(ReadTransaction tx, Predicate<String> namespaces, Predicate<String> present, Consumer<Hash> lacking) {
    this.nodes = new TreeNodes(tx);
    this.registries = new TreeReader(tx);
    this.namespaces = namespaces;
    this.present = present;
    this.lacking = lacking;
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
      Entry namespace = namespaces.next();
      String path = Namespace.fromRegistryKey(namespace.key()).path();
      Hash root = Tree.fromBytes(namespace.value()).root();
      if (!this.namespaces.test(path)) {
        continue;
      }
      if (present.test(path)) {
        nodes.walk(root, stored, visit);
      } else if (!root.equals(EMPTY_TREE)) {
        lacking.accept(root);
      }
    }
  }
}

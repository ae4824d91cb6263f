package io.prolly;

import io.prolly.commit.CommitSource;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.Hash;
import io.prolly.tree.Edits;
import io.prolly.tree.Entry;
import io.prolly.tree.KeyRange;
import io.prolly.tree.Tree;
import io.prolly.tree.TreeConfig;
import io.prolly.tree.TreeReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The namespace registry of a commit: a tree from namespace path to the namespace's tree (its root
 * and rules, {@link Tree#toBytes()}). Only namespaces holding at least one key are registered, so
 * the registry, like every tree, depends only on the content: two commits with the same data have
 * the same registry root, and "did namespace X change" is one comparison of stored trees.
 */
final class NamespaceRegistry {

  /** The registry's own rules; fixed, because a commit records only the registry's root. */
  static final TreeConfig REGISTRY_CONFIG = TreeConfig.DEFAULT;

  /** The rules new namespaces are written with. */
  static final TreeConfig NAMESPACE_CONFIG = TreeConfig.DEFAULT;

  static final Tree EMPTY = Tree.empty(REGISTRY_CONFIG);

  private NamespaceRegistry() {}

  static Tree at(Hash root) {
    return new Tree(root, REGISTRY_CONFIG);
  }

  /** The registry a commit records, read through {@code tx}; the empty one for no commit. */
  static Tree ofCommit(ReadTransaction tx, @Nullable Hash commit) {
    return commit == null ? EMPTY : at(CommitSource.of(tx).read(commit).root());
  }

  /** The tree of a namespace; an empty tree if the namespace holds nothing. */
  static Tree namespace(TreeReader reader, Tree registry, Namespace namespace) {
    return tree(reader.get(registry, namespace.registryKey()));
  }

  /** The tree a registry value records; an empty tree for an absent value (an empty namespace). */
  static Tree tree(byte @Nullable [] stored) {
    return stored == null ? Tree.empty(NAMESPACE_CONFIG) : Tree.fromBytes(stored);
  }

  /** Records a namespace's new tree; an empty tree leaves the registry. */
  static void record(Edits registryEdits, Namespace namespace, Tree tree) {
    if (tree.isEmpty()) {
      registryEdits.delete(namespace.registryKey());
    } else {
      registryEdits.put(namespace.registryKey(), tree.toBytes());
    }
  }

  /** The non-empty namespaces nested below a namespace, in path order. */
  static List<Namespace> below(TreeReader reader, Tree registry, Namespace namespace) {
    List<Namespace> found = new ArrayList<>();
    Iterator<Entry> entries = reader.iterator(registry, KeyRange.prefix(namespace.descendantPrefix()));
    while (entries.hasNext()) {
      Namespace candidate = Namespace.fromRegistryKey(entries.next().key());
      if (namespace.isAncestorOf(candidate)) {
        found.add(candidate);
      }
    }
    return found;
  }
}

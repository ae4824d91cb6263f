package io.prolly;

import io.prolly.commit.Commit;
import io.prolly.error.CorruptNodeException;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.tree.Entry;
import io.prolly.tree.KeyRange;
import io.prolly.tree.Tree;
import io.prolly.tree.TreeNodes;
import io.prolly.tree.TreeReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one node refers to, for transfers that move nodes one at a time and must never store a
 * node before what it refers to. Two views:
 *
 * <ul>
 *   <li>{@link #stored}: from the bytes and the store, without knowing where the node sits. A
 *       commit ({@code "PCMT"} first) needs its parents, its registry root and the root of every
 *       namespace its registry names; any other node is a tree or blob node and needs what
 *       {@link TreeNodes#references} finds. A receiver that checks this on every node it stores
 *       holds only nodes whose subtrees are complete, so "I have it" prunes a transfer safely.
 *       The registry's leaves are read from the store, where they already are.</li>
 *   <li>{@link #inContext}: for a receiver that gets parents before children and cannot read a
 *       registry it has not got yet: the sender's walk tells each node's kind, and a registry
 *       leaf needs the namespace roots its values name.</li>
 * </ul>
 */
final class NodeLinks {

  /** Where a node sits: what its bytes mean. */
  enum Kind { COMMIT, REGISTRY, TREE }

  private static final byte[] COMMIT_MARKER = "PCMT".getBytes(StandardCharsets.US_ASCII);

  private NodeLinks() {}

  /** Whether the bytes are a commit's: they start with the commit marker, which no tree node does. */
  static boolean isCommit(byte[] bytes) {
    return bytes.length >= COMMIT_MARKER.length
        && Arrays.equals(bytes, 0, COMMIT_MARKER.length, COMMIT_MARKER, 0, COMMIT_MARKER.length);
  }

  /**
   * The nodes a node needs before a receiver may store it, judged from its bytes and the store (see
   * the class comment). The empty tree's root is never listed.
   *
   * @throws CorruptNodeException if the node is malformed, or a registry it names is missing
   */
  static Set<Hash> stored(ReadTransaction tx, Hash id, byte[] bytes) {
    Set<Hash> links = new LinkedHashSet<>();
    if (isCommit(bytes)) {
      Commit commit = Commit.decode(id, bytes);
      links.addAll(commit.parents());
      add(links, commit.root());
      if (!TreeNodes.isEmptyTree(commit.root())) {
        if (!tx.contains(commit.root())) {
          return links; // the caller finds the registry missing; its namespaces cannot be read yet
        }
        Iterator<Entry> namespaces = new TreeReader(tx).iterator(NamespaceRegistry.at(commit.root()), KeyRange.all());
        while (namespaces.hasNext()) {
          add(links, namespaceRoot(id, namespaces.next().value()));
        }
      }
    } else {
      TreeNodes.references(id, bytes).forEach(link -> add(links, link));
    }
    return links;
  }

  /**
   * The nodes a node of a known kind refers to, with their kinds, from its bytes alone.
   *
   * @throws CorruptNodeException if the node is malformed for its kind
   */
  static Map<Hash, Kind> inContext(Hash id, byte[] bytes, Kind kind) {
    return inContext(id, bytes, kind, path -> true);
  }

  /**
   * The nodes a node of a known kind refers to, as {@link #inContext(Hash, byte[], Kind)}, leaving
   * out the trees of namespaces whose path {@code namespaces} rejects: what a clone of selected
   * namespaces asks for.
   *
   * @throws CorruptNodeException if the node is malformed for its kind
   */
  static Map<Hash, Kind> inContext(Hash id, byte[] bytes, Kind kind, java.util.function.Predicate<String> namespaces) {
    Map<Hash, Kind> links = new LinkedHashMap<>();
    switch (kind) {
      case COMMIT -> {
        Commit commit = Commit.decode(id, bytes);
        commit.parents().forEach(parent -> links.put(parent, Kind.COMMIT));
        put(links, commit.root(), Kind.REGISTRY);
      }
      case REGISTRY -> {
        requireTree(id, bytes);
        TreeNodes.references(id, bytes).forEach(child -> put(links, child, Kind.REGISTRY));
        for (Entry entry : TreeNodes.inlineLeafEntries(id, bytes)) {
          if (namespaces.test(Namespace.fromRegistryKey(entry.key()).path())) {
            put(links, namespaceRoot(id, entry.value()), Kind.TREE);
          }
        }
      }
      case TREE -> {
        requireTree(id, bytes);
        TreeNodes.references(id, bytes).forEach(child -> put(links, child, Kind.TREE));
      }
      default -> throw new IllegalStateException("unknown kind " + kind);
    }
    return links;
  }

  private static void requireTree(Hash id, byte[] bytes) {
    if (isCommit(bytes)) {
      throw new CorruptNodeException(id, "node " + id.toShortHex() + " is a commit where a tree node belongs");
    }
  }

  private static Hash namespaceRoot(Hash id, byte[] value) {
    try {
      return Tree.fromBytes(value).root();
    } catch (IllegalArgumentException e) {
      throw new CorruptNodeException(id, "namespace registry node " + id.toShortHex() + " holds a value that is not "
          + "an encoded tree: " + e.getMessage());
    }
  }

  private static void add(Set<Hash> links, Hash link) {
    if (!TreeNodes.isEmptyTree(link)) {
      links.add(link);
    }
  }

  private static void put(Map<Hash, Kind> links, Hash link, Kind kind) {
    if (!TreeNodes.isEmptyTree(link)) {
      links.putIfAbsent(link, kind);
    }
  }
}

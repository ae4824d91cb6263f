package io.prolly;

import io.prolly.commit.CommitSource;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.tree.TreeNodes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The nodes of some commits' trees that the trees of other commits lack, parents first: what the
 * side holding the other commits lacks of them, found from one side's store alone. Both forests
 * are walked from their roots a level at a time, highest first, and a node found at the same
 * level on both sides is left out with everything below it; so the walk reads the changed paths
 * of both, not the trees. First the namespace registries, then the namespace trees their changed
 * leaves name, then the blobs the changed leaves of those name.
 *
 * <p>A node reached only through a node of the other side that did not meet its twin at the same
 * level is listed although the other side has it (a subtree moved to another parent): the list is
 * a superset of what is missing, to be asked about ({@code have}) or checked ({@code nodes}),
 * never assumed. Every node the commits' trees hold that the list leaves out is in the other
 * commits' trees. Not thread-safe.
 */
final class ChangedNodes {

  /**
   * The nodes found, parents before children; complete unless the walk stopped at its bound
   * (then a prefix, still parents first, of the nodes it would have listed).
   */
  record Found(List<Hash> nodes, boolean complete) {}

  private final ReadTransaction tx;
  private final int limit;
  private final List<Hash> found = new ArrayList<>();
  private int reads;

  private ChangedNodes(ReadTransaction tx, int limit) {
    this.tx = tx;
    this.limit = limit;
  }

  /**
   * The nodes the trees of {@code commits} hold and those of {@code base} do not, commits not
   * included, at most {@code limit} of them and reading at most twice as many.
   *
   * @throws io.prolly.error.CorruptNodeException if a node is missing or malformed
   */
  static Found between(ReadTransaction tx, Collection<Hash> commits, Collection<Hash> base, int limit) {
    CommitSource source = CommitSource.of(tx);
    Set<Hash> registries = new LinkedHashSet<>();
    commits.forEach(commit -> registries.add(source.read(commit).root()));
    Set<Hash> baseRegistries = new LinkedHashSet<>();
    base.forEach(commit -> baseRegistries.add(source.read(commit).root()));
    ChangedNodes walk = new ChangedNodes(tx, limit);
    boolean complete = walk.forest(Family.REGISTRY, registries, baseRegistries);
    return new Found(List.copyOf(walk.found), complete);
  }

  /** What nodes of a forest are: what their leaves lead to. */
  private enum Family {
    /** Registry nodes, whose leaves name namespace roots. */
    REGISTRY,
    /** Namespace tree nodes, whose leaves may name blobs. */
    TREE,
    /** Blob indexes and chunks. */
    BLOB
  }

  /** Walks one forest and then the forests its leaves name; false if the bound stopped it. */
  private boolean forest(Family family, Set<Hash> roots, Set<Hash> baseRoots) {
    TreeMap<Integer, Set<Hash>> ours = new TreeMap<>();
    TreeMap<Integer, Set<Hash>> theirs = new TreeMap<>();
    // Roots meet their twins before their levels are read: a namespace no commit changed costs nothing.
    for (Hash root : roots) {
      if (!baseRoots.contains(root) && !TreeNodes.isEmptyTree(root)) {
        byte[] bytes = read(root);
        ours.computeIfAbsent(TreeNodes.level(root, bytes), level -> new LinkedHashSet<>()).add(root);
      }
    }
    for (Hash root : baseRoots) {
      if (!roots.contains(root) && !TreeNodes.isEmptyTree(root)) {
        byte[] bytes = read(root);
        theirs.computeIfAbsent(TreeNodes.level(root, bytes), level -> new LinkedHashSet<>()).add(root);
      }
    }
    Set<Hash> nextRoots = new LinkedHashSet<>();
    Set<Hash> nextBaseRoots = new HashSet<>();
    Set<Hash> blobRoots = new LinkedHashSet<>();
    Set<Hash> baseBlobRoots = new HashSet<>();
    Set<Hash> listed = new HashSet<>();
    while (!ours.isEmpty()) {
      int level = theirs.isEmpty() ? ours.lastKey() : Math.max(ours.lastKey(), theirs.lastKey());
      Set<Hash> mine = ours.getOrDefault(level, Set.of());
      Set<Hash> other = theirs.getOrDefault(level, Set.of());
      ours.remove(level);
      theirs.remove(level);
      for (Hash id : other) {
        if (!mine.contains(id)) {
          if (reads > 2L * limit) {
            return false;
          }
          expand(family, id, read(id), level, theirs, nextBaseRoots, baseBlobRoots);
        }
      }
      for (Hash id : mine) {
        if (!other.contains(id) && listed.add(id)) {
          if (found.size() >= limit) {
            return false;
          }
          found.add(id);
          expand(family, id, read(id), level, ours, nextRoots, blobRoots);
        }
      }
    }
    if (family == Family.REGISTRY && !forest(Family.TREE, nextRoots, nextBaseRoots)) {
      return false;
    }
    return family == Family.BLOB || forest(Family.BLOB, blobRoots, baseBlobRoots);
  }

  /** Puts what a node refers to where the walk takes it next: one level down, or a forest below. */
  private static void expand(Family family, Hash id, byte[] bytes, int level, TreeMap<Integer, Set<Hash>> levels,
      Set<Hash> namespaceRoots, Set<Hash> blobRoots) {
    if (level > 0) {
      for (Hash child : TreeNodes.references(id, bytes)) {
        levels.computeIfAbsent(level - 1, l -> new LinkedHashSet<>()).add(child);
      }
      return;
    }
    if (family == Family.BLOB) {
      return; // a chunk
    }
    if (family == Family.REGISTRY) {
      for (Map.Entry<Hash, NodeLinks.Kind> link : NodeLinks.inContext(id, bytes, NodeLinks.Kind.REGISTRY).entrySet()) {
        if (link.getValue() == NodeLinks.Kind.TREE) {
          namespaceRoots.add(link.getKey());
        }
      }
    }
    // A leaf's references are the blobs its values are stored in.
    blobRoots.addAll(TreeNodes.references(id, bytes));
  }

  private byte[] read(Hash id) {
    reads++;
    byte[] bytes = tx.get(id);
    if (bytes == null) {
      throw new io.prolly.error.CorruptNodeException(id, "node " + id.toShortHex() + " is missing although a tree "
          + "refers to it; verify the repository");
    }
    return bytes;
  }
}

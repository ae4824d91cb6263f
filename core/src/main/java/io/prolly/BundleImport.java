package io.prolly;

import io.prolly.error.BundleException;
import io.prolly.error.ConcurrencyException;
import io.prolly.error.CorruptNodeException;
import io.prolly.commit.Commit;
import io.prolly.commit.CommitGraph;
import io.prolly.commit.CommitSource;
import io.prolly.commit.RefNames;
import io.prolly.spi.Hash;
import io.prolly.spi.WriteTransaction;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One import of a bundle, all in one write transaction: the nodes are staged as they are read and
 * checked, then the history the refs name is checked to be complete, then the refs are moved; any
 * problem rolls everything back.
 *
 * <p>Completeness is checked by walking from the bundle's refs through the nodes the bundle
 * brought. A reference to a node outside the bundle must name a node this repository holds, and
 * the walk stops there: the repository's own nodes are trusted to be complete, as every commit
 * that builds on them trusts them (checking them is {@link Maintenance#verify()}'s job). So an
 * import costs in proportion to the bundle, not to the repository. A bundle node that no ref
 * reaches is refused: a bundle brings history, not loose data.
 *
 * <p>The transaction holds back garbage collection sweeps while the bundle is read, and a
 * concurrent change of a ref the bundle moves fails the commit with {@link ConcurrencyException}
 * (the bundle has been consumed, so it is not retried here).
 */
final class BundleImport {

  private final Repository repository;
  private final RefUpdateMode mode;
  private final Set<Hash> received = new HashSet<>();
  private final Set<Hash> reached = new HashSet<>();

  BundleImport(Repository repository, RefUpdateMode mode) {
    this.repository = repository;
    this.mode = mode;
  }

  BundleReport run(InputStream in) {
    long start = System.nanoTime();
    try (WriteTransaction tx = repository.beginWrite(); BundleReader reader = new BundleReader(in)) {
      BundleFormat.Header header = reader.header();
      for (Hash prerequisite : header.prerequisites()) {
        if (!tx.contains(prerequisite)) {
          throw new BundleException("the bundle builds on commit " + prerequisite.toHex()
              + ", which this repository does not have; import the bundle that brings it first, or ask for a bundle "
              + "that does not exclude it. Nothing was imported");
        }
      }
      reader.nodes(header, (id, node) -> {
        if (!received.add(id)) {
          throw new BundleException("the bundle is damaged: node " + id.toShortHex() + " appears twice. "
              + "Nothing was imported; export the bundle again");
        }
        tx.put(id, node);
      });
      Hash checksum = reader.trailer();
      checkComplete(tx, header);
      SortedSet<String> updated = applyRefs(tx, header);
      tx.commit();
      return new BundleReport(header.refs(), updated, received.size(), reader.nodeBytes(), reader.bundleBytes(),
          checksum, Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private void checkComplete(WriteTransaction tx, BundleFormat.Header header) {
    CommitTrees trees = new CommitTrees(tx);
    Set<Hash> commitsChecked = new HashSet<>();
    for (Map.Entry<String, Hash> ref : header.refs().entrySet()) {
      String name = ref.getKey();
      decode(tx, ref.getValue(), name); // even one this repository has: a ref must name a commit
      Deque<Hash> commits = new ArrayDeque<>(List.of(ref.getValue()));
      while (!commits.isEmpty()) {
        Hash id = commits.pop();
        if (!commitsChecked.add(id) || !enter(tx, id, name)) {
          continue;
        }
        Commit commit = decode(tx, id, name);
        try {
          trees.walk(commit.root(), node -> enter(tx, node, name));
        } catch (CorruptNodeException | IllegalArgumentException e) {
          throw malformed(name, id, e);
        }
        commits.addAll(commit.parents());
      }
    }
    if (reached.size() < received.size()) {
      throw new BundleException("the bundle holds " + (received.size() - reached.size())
          + " nodes that none of its refs reaches; a bundle brings history, not loose nodes. Nothing was imported");
    }
  }

  /** Whether to walk into a node: only into the bundle's own; the repository's must exist. */
  private boolean enter(WriteTransaction tx, Hash id, String ref) {
    if (received.contains(id)) {
      return reached.add(id);
    }
    if (!tx.contains(id)) {
      throw incomplete(ref, id);
    }
    return false;
  }

  private Commit decode(WriteTransaction tx, Hash id, String ref) {
    byte[] node = tx.get(id);
    if (node == null) {
      throw incomplete(ref, id);
    }
    try {
      return Commit.decode(id, node);
    } catch (CorruptNodeException e) {
      throw malformed(ref, id, e);
    }
  }

  private static BundleException incomplete(String ref, Hash id) {
    return new BundleException("the bundle is incomplete: the history of " + ref + " needs node " + id.toShortHex()
        + ", which is neither in the bundle nor in this repository. Export a bundle that excludes only commits "
        + "this repository has. Nothing was imported");
  }

  private static BundleException malformed(String ref, Hash commit, RuntimeException e) {
    // Nodes that hash right can still be malformed: the bundle's writer made them so.
    return new BundleException("the bundle's history of " + ref + " is malformed at commit " + commit.toShortHex()
        + ": " + e.getMessage() + ". Nothing was imported", e);
  }

  private SortedSet<String> applyRefs(WriteTransaction tx, BundleFormat.Header header) {
    CommitGraph graph = new CommitGraph(CommitSource.of(tx));
    SortedSet<String> updated = new TreeSet<>();
    List<String> refused = new ArrayList<>();
    header.refs().forEach((ref, target) -> {
      Hash current = tx.ref(ref);
      if (target.equals(current)) {
        return;
      }
      boolean branch = ref.startsWith(RefNames.BRANCHES);
      if (current == null || mode == RefUpdateMode.FORCE || branch && graph.isAncestor(current, target)) {
        tx.setRef(ref, current, target);
        updated.add(ref);
      } else if (!branch) {
        refused.add(ref + " is " + current.toShortHex() + " here but " + target.toShortHex()
            + " in the bundle, and tags never move");
      } else if (!graph.isAncestor(target, current)) {
        refused.add(ref + " has diverged: " + current.toShortHex() + " here does not lead to "
            + target.toShortHex() + " in the bundle (not a fast-forward)");
      }
      // Otherwise the branch already contains the bundle's commit and stays where it is.
    });
    if (!refused.isEmpty()) {
      throw new BundleException("the bundle would move refs in ways not allowed: " + String.join("; ", refused)
          + ". Nothing was imported; merge or rename the local refs, or import with RefUpdateMode.FORCE to take the "
          + "bundle's");
    }
    return updated;
  }
}

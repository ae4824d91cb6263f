package io.prolly;

import io.prolly.error.CorruptNodeException;
import io.prolly.commit.Commit;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Walks everything commits reach: the commits, their ancestors, their namespace registries, the
 * namespace trees and the blobs of large values. Garbage collection marks with it; copying
 * between repositories transfers with it, pruning whatever the receiver already holds.
 */
final class ReachableNodes {

  private final ReadTransaction tx;
  private final CommitTrees trees;

  /**
   * An {@code enter} for {@link #walk} that enters each node once, adding it to {@code entered},
   * and tells {@code progress} how many it has entered every {@value NodeTransfer#REPORT_EVERY}
   * nodes.
   */
  static Predicate<Hash> once(Set<Hash> entered, ProgressListener progress, String operation, String phase) {
    return id -> {
      if (!entered.add(id)) {
        return false;
      }
      if (entered.size() % NodeTransfer.REPORT_EVERY == 0) {
        progress.progress(operation, phase, entered.size(), -1);
      }
      return true;
    };
  }

  private final Set<Hash> absentParents;
  private final Set<Hash> lacking = new java.util.LinkedHashSet<>();
  private final Predicate<Hash> commits;

  /**
   * A walk over everything the commits reach that is here: on a partial clone it ends at the
   * shallow boundary and leaves out the namespaces the clone did not fetch.
   */
  ReachableNodes(ReadTransaction tx) {
    this(tx, id -> true, path -> true);
  }

  /**
   * A walk over part of what the commits reach, for a partial clone of it: only commits that
   * {@code commits} accepts, only namespaces that {@code namespaces} accepts (by path).
   */
  ReachableNodes(ReadTransaction tx, Predicate<Hash> commits, Predicate<String> namespaces) {
    this.tx = tx;
    PartialState partial = PartialRefs.read(tx);
    this.absentParents = partial.isShallow() ? PartialRefs.absentParents(tx, partial).keySet() : Set.of();
    this.commits = commits;
    this.trees = new CommitTrees(tx, namespaces, partial::hasNamespace, lacking::add);
  }

  /**
   * What the walks so far passed and this partial repository lacks on purpose: parents beyond its
   * shallow boundary, roots of namespaces it did not fetch. A receiver must have them already, or
   * what it gets is not whole.
   */
  Set<Hash> lacking() {
    return lacking;
  }

  /**
   * Walks from commits. {@code enter} is asked about every node, commits included, before it is
   * read; answering false skips the node and everything only it reaches, so a caller walks shared
   * history and subtrees once (answer false for what was seen) or prunes what a receiver has.
   *
   * @param commits where to start
   * @param enter decides whether to read a node and go below it
   * @param visit given every node read
   * @throws CorruptNodeException if a node is missing or malformed
   */
  void walk(Collection<Hash> commits, Predicate<Hash> enter, BiConsumer<Hash, byte[]> visit) {
    Deque<Hash> todo = new ArrayDeque<>();
    for (Hash commit : commits) {
      if (this.commits.test(commit) && enter.test(commit)) {
        todo.push(commit);
      }
    }
    while (!todo.isEmpty()) {
      Hash id = todo.pop();
      byte[] node = tx.get(id);
      if (node == null) {
        throw new CorruptNodeException(id, "commit " + id.toShortHex()
            + " is missing although a ref or a commit refers to it; verify the store");
      }
      visit.accept(id, node);
      Commit commit = Commit.decode(id, node);
      for (Hash parent : commit.parents()) {
        if (absentParents.contains(parent)) {
          lacking.add(parent);
        } else if (this.commits.test(parent) && enter.test(parent)) {
          todo.push(parent);
        }
      }
      trees.walk(commit.root(), enter, visit);
    }
  }
}

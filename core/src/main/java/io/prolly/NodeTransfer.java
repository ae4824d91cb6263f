package io.prolly;

import io.prolly.error.PartialRepositoryException;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.WriteTransaction;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Copies what commits reach from one store to another, skipping every node the receiver holds,
 * and with it everything below that node: a commit lands together with all it reaches, in one
 * transaction, so a node the receiver has is a subtree it has. A repeated push costs what
 * changed, not what exists. (The one writer of nodes without refs, {@code copyInto}, sends children
 * before parents and, when a collection deleted some of them meanwhile, sends them again before
 * it writes a ref; only a copy given up after that leaves a parent without its children, as
 * garbage, until the next collection.)
 */
final class NodeTransfer {

  /** Nodes between two progress reports. */
  static final int REPORT_EVERY = 256;

  private final ProgressListener progress;
  private final String operation;
  private long nodes;
  private long bytes;

  /** A transfer that reports its progress as {@code operation}, phase {@code sending}. */
  NodeTransfer(ProgressListener progress, String operation) {
    this.progress = progress;
    this.operation = operation;
  }

  /**
   * Copies into {@code to} every node the commits reach that {@code to} lacks.
   *
   * @throws PartialRepositoryException if {@code from} is a partial clone that lacks part of what
   *     the commits reach and {@code to} lacks it too; the caller writes nothing then
   */
  NodeTransfer copy(ReadTransaction from, WriteTransaction to, Collection<Hash> commits) {
    ReachableNodes walk = new ReachableNodes(from);
    copy(walk, to, commits, id -> !to.contains(id));
    requireWhole(walk, to);
    return this;
  }

  /** Copies what a walk reaches, entering each node once where {@code enter} says. */
  NodeTransfer copy(ReachableNodes walk, WriteTransaction to, Collection<Hash> commits, Predicate<Hash> enter) {
    Set<Hash> seen = new HashSet<>();
    walk.walk(commits, id -> seen.add(id) && enter.test(id), (id, node) -> {
      if (to.contains(id)) {
        return; // entered only to reach below it, as a deepening fetch does at the shallow boundary
      }
      to.put(id, node);
      nodes++;
      bytes += node.length;
      if (nodes % REPORT_EVERY == 0) {
        progress.progress(operation, "sending", nodes, -1, bytes);
      }
    });
    progress.progress(operation, "sending", nodes, nodes, bytes);
    return this;
  }

  /** Fails if the receiver lacks what a partial sender's walk could not send. */
  static void requireWhole(ReachableNodes walk, ReadTransaction to) {
    for (Hash id : walk.lacking()) {
      if (!to.contains(id)) {
        throw new PartialRepositoryException(id.toHex(), "this repository is a partial clone and lacks node "
            + id.toShortHex() + " (history beyond its shallow boundary, or a namespace it did not fetch), which "
            + "the other repository lacks too, so the transfer would leave it incomplete; nothing was written. "
            + "Fetch with a greater depth or unshallow (or clone every namespace) first, then transfer again");
      }
    }
  }

  long nodes() {
    return nodes;
  }

  long bytes() {
    return bytes;
  }
}

package io.prolly;

import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.WriteTransaction;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

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

  /** Copies into {@code to} every node the commits reach that {@code to} lacks. */
  NodeTransfer copy(ReadTransaction from, WriteTransaction to, Collection<Hash> commits) {
    Set<Hash> seen = new HashSet<>();
    new ReachableNodes(from).walk(commits, id -> seen.add(id) && !to.contains(id), (id, node) -> {
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

  long nodes() {
    return nodes;
  }

  long bytes() {
    return bytes;
  }
}

package io.prolly.tree;

import io.prolly.spi.Hash;
import io.prolly.spi.WriteTransaction;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Collects the nodes an operation makes and hands them to the transaction in batches with
 * {@link WriteTransaction#putAll}, each node once per operation.
 *
 * <p>Nodes wait in memory until {@link #flush()}, or until {@code batchSize} of them wait; until
 * then they can still be {@link #discard discarded}, which an edit uses for the internal nodes it
 * finds it does not need when the tree loses height.
 */
final class NodeSink {

  private final WriteTransaction tx;
  private final int batchSize;
  private final Map<Hash, byte[]> pending = new LinkedHashMap<>();
  /** The ids handed over, so that each node goes once; null when the caller never makes a node twice. */
  private final @Nullable Set<Hash> flushed;

  NodeSink(WriteTransaction tx, int batchSize) {
    this(tx, batchSize, true);
  }

  /**
   * A sink that remembers the nodes it handed over only if asked: a bulk build, whose keys strictly
   * increase, never makes a tree node twice, and remembering every id would make its memory grow
   * with the tree (about 110 bytes a node: 32 MB for 10 M entries) instead of staying bounded.
   */
  NodeSink(WriteTransaction tx, int batchSize, boolean rememberFlushed) {
    this.tx = tx;
    this.batchSize = batchSize;
    this.flushed = rememberFlushed ? new HashSet<>() : null;
  }

  void put(Hash id, byte[] node) {
    if ((flushed == null || !flushed.contains(id)) && pending.putIfAbsent(id, node) == null
        && pending.size() >= batchSize) {
      flush();
    }
  }

  byte @Nullable [] pending(Hash id) {
    return pending.get(id);
  }

  void discard(Hash id) {
    pending.remove(id);
  }

  void flush() {
    if (!pending.isEmpty()) {
      tx.putAll(new HashMap<>(pending));
      if (flushed != null) {
        flushed.addAll(pending.keySet());
      }
      pending.clear();
    }
  }
}

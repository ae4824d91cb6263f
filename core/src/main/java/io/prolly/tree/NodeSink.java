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
  private final Set<Hash> flushed = new HashSet<>();

  NodeSink(WriteTransaction tx, int batchSize) {
    this.tx = tx;
    this.batchSize = batchSize;
  }

  void put(Hash id, byte[] node) {
    if (!flushed.contains(id) && pending.putIfAbsent(id, node) == null && pending.size() >= batchSize) {
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
      flushed.addAll(pending.keySet());
      pending.clear();
    }
  }
}

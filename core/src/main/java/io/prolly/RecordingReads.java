package io.prolly;

import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Reads nodes from a transaction and remembers each one read; or, with no transaction, serves
 * only remembered nodes. A proof is the nodes a lookup read; verifying it repeats the lookup over
 * exactly those nodes, so a node the proof lacks reads as missing.
 */
final class RecordingReads implements ReadTransaction {

  private final @Nullable ReadTransaction tx;
  private final Map<Hash, byte[]> nodes;

  private RecordingReads(@Nullable ReadTransaction tx, Map<Hash, byte[]> nodes) {
    this.tx = tx;
    this.nodes = nodes;
  }

  /** Reads through {@code tx}, remembering what was read. */
  static RecordingReads recording(ReadTransaction tx) {
    return new RecordingReads(tx, new LinkedHashMap<>());
  }

  /** Serves {@code nodes} and nothing else. */
  static RecordingReads replaying(Map<Hash, byte[]> nodes) {
    return new RecordingReads(null, nodes);
  }

  Map<Hash, byte[]> nodes() {
    return nodes;
  }

  @Override
  public byte @Nullable [] get(Hash id) {
    byte[] node = nodes.get(id);
    if (node == null && tx != null) {
      node = tx.get(id);
      if (node != null) {
        nodes.put(id, node);
      }
    }
    return node;
  }

  @Override
  public boolean contains(Hash id) {
    return get(id) != null;
  }

  @Override
  public @Nullable Hash ref(String name) {
    throw new UnsupportedOperationException("a proof reads nodes only");
  }

  @Override
  public SortedMap<String, Hash> refs(String prefix) {
    throw new UnsupportedOperationException("a proof reads nodes only");
  }

  @Override
  public void forEachNode(Consumer<Hash> action) {
    throw new UnsupportedOperationException("a proof reads nodes only");
  }

  @Override
  public void close() {
    // Nothing is held.
  }
}

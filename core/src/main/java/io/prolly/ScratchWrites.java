package io.prolly;

import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.WriteTransaction;
import io.prolly.spi.support.ForwardingReadTransaction;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A write transaction that is never committed: nodes put are kept in memory, over a read
 * transaction of the store, for the tree writers of a {@linkplain Repository#previewMerge merge
 * preview}. The store itself is never written, so a preview holds no writer lock and needs no
 * guard against garbage collection (the read transaction sees one state). Refs cannot be set.
 * Closing it closes the read transaction.
 */
final class ScratchWrites extends ForwardingReadTransaction implements WriteTransaction {

  private final Map<Hash, byte[]> nodes = new HashMap<>();

  ScratchWrites(ReadTransaction snapshot) {
    super(snapshot);
  }

  @Override
  public byte @Nullable [] get(Hash id) {
    byte[] node = nodes.get(id);
    return node != null ? node : super.get(id);
  }

  @Override
  public boolean contains(Hash id) {
    return nodes.containsKey(id) || super.contains(id);
  }

  @Override
  public void forEachNode(Consumer<Hash> action) {
    super.forEachNode(action);
    nodes.keySet().forEach(action);
  }

  @Override
  public void put(Hash id, byte[] node) {
    nodes.put(id, node);
  }

  @Override
  public void putAll(Map<Hash, byte[]> batch) {
    nodes.putAll(batch);
  }

  @Override
  public void delete(Hash id) {
    throw new IllegalStateException("a merge preview deletes no node");
  }

  @Override
  public void setRef(String name, @Nullable Hash expected, @Nullable Hash value) {
    throw new IllegalStateException("a merge preview moves no ref");
  }

  @Override
  public void commit() {
    throw new IllegalStateException("a merge preview is never committed");
  }

  @Override
  public void rollback() {
    nodes.clear();
  }
}

package io.prolly.bench;

import io.prolly.spi.Hash;
import io.prolly.spi.WriteTransaction;
import io.prolly.spi.support.ForwardingWriteTransaction;
import java.util.Map;

/**
 * A write transaction that counts the nodes handed to it and their bytes, and otherwise passes
 * every call on. It counts what the caller writes, including nodes the store may already hold.
 */
final class CountingWriteTransaction extends ForwardingWriteTransaction {

  private long nodes;
  private long bytes;

  CountingWriteTransaction(WriteTransaction delegate) {
    super(delegate);
  }

  /** Returns the number of nodes put so far, each {@code put} or {@code putAll} entry once. */
  long nodes() {
    return nodes;
  }

  /** Returns the sum of the lengths of the nodes put so far. */
  long bytes() {
    return bytes;
  }

  @Override
  public void put(Hash id, byte[] node) {
    super.put(id, node);
    count(node);
  }

  @Override
  public void putAll(Map<Hash, byte[]> batch) {
    super.putAll(batch);
    batch.values().forEach(this::count);
  }

  private void count(byte[] node) {
    nodes++;
    bytes += node.length;
  }
}

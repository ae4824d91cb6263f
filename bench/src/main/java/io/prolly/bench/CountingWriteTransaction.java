package io.prolly.bench;

import io.prolly.spi.Hash;
import io.prolly.spi.WriteTransaction;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A write transaction that counts the nodes handed to it and their bytes, and otherwise passes
 * every call on. It counts what the caller writes, including nodes the store may already hold.
 */
final class CountingWriteTransaction implements WriteTransaction {

  private final WriteTransaction delegate;
  private long nodes;
  private long bytes;

  CountingWriteTransaction(WriteTransaction delegate) {
    this.delegate = delegate;
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
    delegate.put(id, node);
    count(node);
  }

  @Override
  public void putAll(Map<Hash, byte[]> batch) {
    delegate.putAll(batch);
    batch.values().forEach(this::count);
  }

  private void count(byte[] node) {
    nodes++;
    bytes += node.length;
  }

  @Override
  public void delete(Hash id) {
    delegate.delete(id);
  }

  @Override
  public void setRef(String name, @Nullable Hash expected, @Nullable Hash value) {
    delegate.setRef(name, expected, value);
  }

  @Override
  public void commit() {
    delegate.commit();
  }

  @Override
  public void rollback() {
    delegate.rollback();
  }

  @Override
  public byte @Nullable [] get(Hash id) {
    return delegate.get(id);
  }

  @Override
  public boolean contains(Hash id) {
    return delegate.contains(id);
  }

  @Override
  public @Nullable Hash ref(String name) {
    return delegate.ref(name);
  }

  @Override
  public SortedMap<String, Hash> refs(String prefix) {
    return delegate.refs(prefix);
  }

  @Override
  public void forEachNode(Consumer<Hash> action) {
    delegate.forEachNode(action);
  }

  @Override
  public void close() {
    delegate.close();
  }
}

package io.prolly.tree;

import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import java.util.SortedMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** A read transaction that counts the nodes read through it. */
final class CountingReadTransaction implements ReadTransaction {

  private final ReadTransaction delegate;
  private int reads;

  CountingReadTransaction(ReadTransaction delegate) {
    this.delegate = delegate;
  }

  int reads() {
    return reads;
  }

  @Override
  public byte @Nullable [] get(Hash id) {
    reads++;
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

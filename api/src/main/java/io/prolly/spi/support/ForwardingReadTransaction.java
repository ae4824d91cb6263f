package io.prolly.spi.support;

import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import java.util.SortedMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A read transaction that passes every call to another one; subclasses override what they
 * watch or change, as with Guava's forwarding collections. Thread safety is the delegate's.
 */
public abstract class ForwardingReadTransaction implements ReadTransaction {

  private final ReadTransaction delegate;

  /**
   * Creates the wrapper.
   *
   * @param delegate the transaction calls go to
   * @throws IllegalArgumentException if {@code delegate} is null
   */
  protected ForwardingReadTransaction(ReadTransaction delegate) {
    if (delegate == null) {
      throw new IllegalArgumentException("delegate transaction is null");
    }
    this.delegate = delegate;
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

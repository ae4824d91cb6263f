package io.prolly.spi.support;

import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.StoreStats;
import io.prolly.spi.WriteTransaction;

/**
 * A store that passes every call to another one; subclasses override what they watch or change,
 * typically wrapping the transactions in a {@link ForwardingReadTransaction} or
 * {@link ForwardingWriteTransaction}. Thread safety is the delegate's.
 */
public abstract class ForwardingNodeStore implements NodeStore {

  private final NodeStore delegate;

  /**
   * Creates the wrapper.
   *
   * @param delegate the store calls go to
   * @throws IllegalArgumentException if {@code delegate} is null
   */
  protected ForwardingNodeStore(NodeStore delegate) {
    if (delegate == null) {
      throw new IllegalArgumentException("delegate store is null");
    }
    this.delegate = delegate;
  }

  /**
   * Returns the store calls go to.
   *
   * @return the delegate
   */
  protected final NodeStore delegate() {
    return delegate;
  }

  @Override
  public StoreConfig config() {
    return delegate.config();
  }

  @Override
  public ReadTransaction beginRead() {
    return delegate.beginRead();
  }

  @Override
  public WriteTransaction beginWrite() {
    return delegate.beginWrite();
  }

  @Override
  public StoreStats stats() {
    return delegate.stats();
  }

  @Override
  public void compact() {
    delegate.compact();
  }

  @Override
  public void close() {
    delegate.close();
  }
}

package io.prolly.spi.support;

import io.prolly.spi.Hash;
import io.prolly.spi.WriteTransaction;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A write transaction that passes every call to another one; subclasses override what they
 * watch or change. Thread safety is the delegate's.
 */
public abstract class ForwardingWriteTransaction extends ForwardingReadTransaction implements WriteTransaction {

  private final WriteTransaction delegate;

  /**
   * Creates the wrapper.
   *
   * @param delegate the transaction calls go to
   * @throws IllegalArgumentException if {@code delegate} is null
   */
  protected ForwardingWriteTransaction(WriteTransaction delegate) {
    super(delegate);
    this.delegate = delegate;
  }

  @Override
  public void put(Hash id, byte[] node) {
    delegate.put(id, node);
  }

  @Override
  public void putAll(Map<Hash, byte[]> nodes) {
    delegate.putAll(nodes);
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
}

package io.prolly.tree;

import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.support.ForwardingReadTransaction;
import org.jspecify.annotations.Nullable;

/** A read transaction that counts the nodes read through it. */
final class CountingReadTransaction extends ForwardingReadTransaction {

  private int reads;

  CountingReadTransaction(ReadTransaction delegate) {
    super(delegate);
  }

  int reads() {
    return reads;
  }

  @Override
  public byte @Nullable [] get(Hash id) {
    reads++;
    return super.get(id);
  }
}

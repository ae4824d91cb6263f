package io.prolly.tree;

import io.prolly.spi.Hash;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What an internal node holds for a child: its hash and the number of entries in its subtree.
 *
 * <p>While a tree is being edited, a child reference travels as the "value" of an internal-level
 * entry, in a fixed {@value #SIZE}-byte form (hash, then the count as a big-endian long), so that
 * the chunker and the edit machinery treat every level alike. The node format stores the count
 * more compactly (see {@link NodeFormat}).
 */
record ChildRef(Hash hash, long count) {

  /** The size of {@link #toValue()}, which is also what an internal entry's value counts for in the chunker. */
  static final int SIZE = Hash.LENGTH + Long.BYTES;

  private static final VarHandle COUNT = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  byte[] toValue() {
    byte[] value = new byte[SIZE];
    hash.writeTo(value, 0);
    ByteBuffer.wrap(value, Hash.LENGTH, Long.BYTES).putLong(count);
    return value;
  }

  /** The subtree count of a child reference's value, read without decoding the rest. */
  static long countOf(byte[] value) {
    Require.state(value.length == SIZE, "a child reference has %d bytes, got %d", SIZE, value.length);
    return (long) COUNT.get(value, Hash.LENGTH);
  }

  /** The value of a child reference whose hash lies in {@code bytes} at {@code offset}. */
  static byte[] toValue(byte[] bytes, int offset, long count) {
    byte[] value = new byte[SIZE];
    System.arraycopy(bytes, offset, value, 0, Hash.LENGTH);
    COUNT.set(value, Hash.LENGTH, count);
    return value;
  }

  static ChildRef fromValue(byte[] value) {
    Require.state(value.length == SIZE, "a child reference has %d bytes, got %d", SIZE, value.length);
    return new ChildRef(Hash.fromBytes(value, 0), ByteBuffer.wrap(value, Hash.LENGTH, Long.BYTES).getLong());
  }
}

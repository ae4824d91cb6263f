package io.prolly.backend.lmdb;

import java.nio.ByteBuffer;

/**
 * The exact number of nodes and the sum of their lengths, kept in the {@code meta} database and
 * updated in the same LMDB transaction as the nodes, so it is never out of step with them.
 *
 * @param count how many nodes
 * @param bytes their total length
 */
record NodeTotals(long count, long bytes) {

  static final NodeTotals NONE = new NodeTotals(0, 0);
  static final int ENCODED_BYTES = 2 * Long.BYTES;

  /** The totals after adding a node of {@code length} bytes. */
  NodeTotals plus(int length) {
    return new NodeTotals(count + 1, bytes + length);
  }

  /** The totals after removing a node of {@code length} bytes. */
  NodeTotals minus(int length) {
    return new NodeTotals(count - 1, bytes - length);
  }

  byte[] encode() {
    return ByteBuffer.allocate(ENCODED_BYTES).putLong(count).putLong(bytes).array();
  }

  /** Reads what {@link #encode()} wrote; the caller checks the length. */
  static NodeTotals decode(byte[] encoded) {
    ByteBuffer buffer = ByteBuffer.wrap(encoded);
    return new NodeTotals(buffer.getLong(), buffer.getLong());
  }
}

package io.prolly.backend.lmdb;

import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * The exact number of nodes and the sum of their lengths, kept in the {@code meta} database and
 * updated in the same LMDB transaction as the nodes, so it is never out of step with them.
 *
 * @param count how many nodes
 * @param bytes their total length
 */
record NodeTotals(long count, long bytes) {

  static final NodeTotals NONE = new NodeTotals(0, 0);
  private static final int BODY_BYTES = 2 * Long.BYTES;

  /** The totals after adding a node of {@code length} bytes. */
  NodeTotals plus(int length) {
    return new NodeTotals(count + 1, bytes + length);
  }

  /** The totals after removing a node of {@code length} bytes. */
  NodeTotals minus(int length) {
    return new NodeTotals(count - 1, bytes - length);
  }

  byte[] encode() {
    return SealedValue.seal(ByteBuffer.allocate(BODY_BYTES).putLong(count).putLong(bytes).array());
  }

  /** Reads what {@link #encode()} wrote, or returns null if it is damaged. */
  static @Nullable NodeTotals decode(byte[] encoded) {
    byte[] body = SealedValue.open(encoded);
    if (body == null || body.length != BODY_BYTES) {
      return null;
    }
    ByteBuffer buffer = ByteBuffer.wrap(body);
    return new NodeTotals(buffer.getLong(), buffer.getLong());
  }
}

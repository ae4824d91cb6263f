package io.prolly.backend.rocksdb;

import java.nio.ByteBuffer;

/**
 * The exact counts of a store, kept in the {@code meta} column family and written in the same
 * batch as the changes they count.
 *
 * @param nodeCount how many nodes
 * @param nodeBytes their total length
 * @param refCount how many refs
 */
record StoreTotals(long nodeCount, long nodeBytes, long refCount) {

  static final StoreTotals NONE = new StoreTotals(0, 0, 0);
  static final int ENCODED_BYTES = 3 * Long.BYTES;

  StoreTotals plusNode(int length) {
    return new StoreTotals(nodeCount + 1, nodeBytes + length, refCount);
  }

  StoreTotals minusNode(int length) {
    return new StoreTotals(nodeCount - 1, nodeBytes - length, refCount);
  }

  StoreTotals plusRefs(int delta) {
    return new StoreTotals(nodeCount, nodeBytes, refCount + delta);
  }

  byte[] encode() {
    return ByteBuffer.allocate(ENCODED_BYTES).putLong(nodeCount).putLong(nodeBytes).putLong(refCount).array();
  }

  /** Reads what {@link #encode()} wrote; the caller checks the length. */
  static StoreTotals decode(byte[] encoded) {
    ByteBuffer buffer = ByteBuffer.wrap(encoded);
    return new StoreTotals(buffer.getLong(), buffer.getLong(), buffer.getLong());
  }
}

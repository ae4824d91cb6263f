package io.prolly.tree;

import io.prolly.spi.Hash;
import java.nio.ByteBuffer;

/**
 * Where a large value is stored: the root node of its blob (a chunk, or an index over chunks) and
 * its length in bytes. Two blob references are equal exactly when the values are, since a value's
 * chunks depend on its bytes alone; so large values compare cheaply without being read.
 *
 * @param root the hash of the blob's root node
 * @param length the value's length in bytes, at least 1
 */
record BlobRef(Hash root, long length) {

  /** The size of {@link #toStored()}: a tag byte, the root hash and the length. */
  static final int STORED_SIZE = 1 + Hash.LENGTH + Long.BYTES;

  BlobRef {
    Require.state(length >= 1, "a blob of %d bytes", length);
  }

  /** Returns the form a leaf stores this reference in (see {@link NodeFormat}). */
  byte[] toStored() {
    byte[] stored = new byte[STORED_SIZE];
    stored[0] = StoredValue.BLOB;
    root.writeTo(stored, 1);
    ByteBuffer.wrap(stored, 1 + Hash.LENGTH, Long.BYTES).putLong(length);
    return stored;
  }

  /** Reads a reference from a stored value that {@link StoredValue#isBlob is a blob}. */
  static BlobRef fromStored(byte[] stored) {
    Require.state(StoredValue.isBlob(stored) && stored.length == STORED_SIZE, "not a stored blob reference");
    return new BlobRef(Hash.fromBytes(stored, 1), readLength(stored, 0));
  }

  /** Reads the length of a stored reference that starts at {@code offset}. */
  static long readLength(byte[] bytes, int offset) {
    return ByteBuffer.wrap(bytes, offset + 1 + Hash.LENGTH, Long.BYTES).getLong();
  }
}

package io.prolly.tree;

import static io.prolly.tree.NodeFormat.CHUNK_HEADER_SIZE;
import static io.prolly.tree.NodeFormat.HEADER_SIZE;

import io.prolly.error.CorruptNodeException;
import io.prolly.spi.Hash;

/**
 * A read-only view of an encoded blob node: a chunk of a large value's bytes, or an index over
 * chunks (see {@link NodeFormat}). {@link #decode} checks the structure, so that no later access
 * runs outside the array.
 *
 * <p>Immutable and thread-safe.
 */
final class BlobNode {

  private final Hash id;
  private final byte[] bytes;
  private final int level;
  private final int size;
  // Index nodes: bytesBefore[i] = value bytes under children 0..i-1; length size + 1.
  private final long[] bytesBefore;

  private BlobNode(Hash id, byte[] bytes, int level, int size, long[] bytesBefore) {
    this.id = id;
    this.bytes = bytes;
    this.level = level;
    this.size = size;
    this.bytesBefore = bytesBefore;
  }

  /**
   * Checks and wraps an encoded blob node.
   *
   * @param id the hash the node was stored under, for error messages
   * @param bytes the encoded node; not copied, so it must not change
   * @throws CorruptNodeException if the bytes are not a well-formed blob node
   */
  static BlobNode decode(Hash id, byte[] bytes) {
    Corruption corrupt = Corruption.of(id);
    if (bytes.length < CHUNK_HEADER_SIZE || bytes[0] != NodeFormat.VERSION) {
      throw corrupt.because("a blob refers to it, but it has no header of format version " + NodeFormat.VERSION);
    }
    if (bytes[1] == NodeFormat.KIND_BLOB_CHUNK) {
      int length = bytes.length - CHUNK_HEADER_SIZE;
      if (length < 1 || length > BlobChunker.MAX_SIZE) {
        throw corrupt.because("a blob chunk holds " + length + " bytes, not 1 to " + BlobChunker.MAX_SIZE);
      }
      return new BlobNode(id, bytes, 0, 0, new long[] {0, length});
    }
    if (bytes[1] != NodeFormat.KIND_BLOB_INDEX) {
      throw corrupt.because("a blob refers to it, but it is a node of kind " + (bytes[1] & 0xFF));
    }
    if (bytes.length < HEADER_SIZE) {
      throw corrupt.because("a blob index of " + bytes.length + " bytes is shorter than its header");
    }
    int level = bytes[2] & 0xFF;
    int size = NodeFormat.readU16(bytes, 3);
    if (level < 1 || size < 2) {
      throw corrupt.because("a blob index at level " + level + " has " + size + " children");
    }
    long[] bytesBefore = Varint.readRunningTotals(bytes, HEADER_SIZE + size * Hash.LENGTH, size, corrupt);
    return new BlobNode(id, bytes, level, size, bytesBefore);
  }

  Hash id() {
    return id;
  }

  /** Returns 0 for a chunk, else the index's level: 1 when its children are chunks. */
  int level() {
    return level;
  }

  boolean isChunk() {
    return level == 0;
  }

  /** Returns the number of value bytes in this node's subtree. */
  long length() {
    return bytesBefore[bytesBefore.length - 1];
  }

  /** Returns the number of children of an index; 0 for a chunk. */
  int size() {
    return size;
  }

  Hash child(int i) {
    Require.state(!isChunk(), "child of a blob chunk");
    return Hash.fromBytes(bytes, HEADER_SIZE + i * Hash.LENGTH);
  }

  /** Returns the number of value bytes under child {@code i}. */
  long childLength(int i) {
    return bytesBefore[i + 1] - bytesBefore[i];
  }

  /** Returns the byte at {@code offset} in a chunk's data. */
  byte byteAt(int offset) {
    Require.state(isChunk(), "data of a blob index");
    return bytes[CHUNK_HEADER_SIZE + offset];
  }

  /** Copies {@code length} bytes of a chunk's data, from {@code offset} in the chunk, to {@code target}. */
  void copyData(int offset, byte[] target, int targetOffset, int length) {
    Require.state(isChunk(), "data of a blob index");
    System.arraycopy(bytes, CHUNK_HEADER_SIZE + offset, target, targetOffset, length);
  }
}

package io.prolly.tree;

import io.prolly.spi.support.Arguments;
import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;

/**
 * The rules a tree is chunked with. They are part of a tree's identity: the same entries chunked
 * with other rules give another root, so every {@link Tree} carries the config it was written with
 * and is always read and edited with it.
 *
 * <p>Node sizes are counted in bytes of keys and values (an internal entry's value being its
 * 40-byte child reference), as in Dolt's {@code keySplitter}: no node boundary falls before a node
 * holds {@code minNodeSize} bytes, the chance of a boundary after an entry grows along a Weibull
 * distribution of shape {@code weibullShape} and scale {@code targetNodeSize}, and a boundary is
 * forced once a node holds more than {@code maxNodeSize} bytes.
 *
 * <p>A value longer than {@code maxInlineValueSize} is stored out of line, as a blob of
 * content-defined chunks, and its leaf entry holds a 41-byte reference instead; a value up to it
 * is stored in the leaf, after a one-byte tag. Either way a value counts in the node size with
 * the bytes its leaf stores for it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param minNodeSize the fewest bytes a node holds before it may end, at least 1
 * @param targetNodeSize the scale of the Weibull distribution of node sizes, at least
 *     {@code minNodeSize}
 * @param maxNodeSize a node ends after the entry that takes it over this many bytes; at least
 *     {@code targetNodeSize} and 80 (two 40-byte child references), and at most
 *     {@value #MAX_NODE_SIZE_LIMIT}. Keys longer than half of it less 40 bytes make trees that
 *     cannot end in a root: building one fails with {@link IllegalArgumentException}
 * @param weibullShape the shape parameter K of the Weibull distribution, 1 to 16
 * @param maxInlineValueSize the largest value, in bytes, stored in a leaf, at most
 *     {@value #MAX_INLINE_VALUE_SIZE_LIMIT}; longer values are stored as blobs
 */
public record TreeConfig(
    int minNodeSize, int targetNodeSize, int maxNodeSize, int weibullShape, int maxInlineValueSize) {

  /** The longest key, in bytes, of any tree. */
  public static final int MAX_KEY_SIZE = 4096;

  /** The largest {@code maxNodeSize}; it keeps every offset of the node format within 16 bits. */
  public static final int MAX_NODE_SIZE_LIMIT = 32 * 1024;

  /** The largest {@code maxInlineValueSize}; it keeps every offset of the node format within 16 bits. */
  public static final int MAX_INLINE_VALUE_SIZE_LIMIT = 16 * 1024;

  /** Dolt's rules: nodes of 512 B to 16 KiB aiming at 4 KiB, K = 4, values over 4 KiB as blobs. */
  public static final TreeConfig DEFAULT = new TreeConfig(512, 4096, 16384, 4, 4096);

  private static final byte ENCODING_VERSION = 1;
  private static final int ENCODED_SIZE = 1 + 5 * Integer.BYTES;

  /**
   * Checks the parameters.
   *
   * @throws IllegalArgumentException if a parameter is out of its range (see the class comment)
   */
  public TreeConfig {
    Arguments.check(minNodeSize >= 1, "minNodeSize must be at least 1, got %d", minNodeSize);
    Arguments.check(targetNodeSize >= minNodeSize,
        "targetNodeSize (%d) must be at least minNodeSize (%d)", targetNodeSize, minNodeSize);
    Arguments.check(maxNodeSize >= targetNodeSize && maxNodeSize <= MAX_NODE_SIZE_LIMIT,
        "maxNodeSize must be between targetNodeSize (%d) and %d, got %d",
        targetNodeSize, MAX_NODE_SIZE_LIMIT, maxNodeSize);
    Arguments.check(maxNodeSize >= 2 * ChildRef.SIZE,
        "maxNodeSize must be at least %d, room for two child references, or no tree above one level could "
            + "end in a root; got %d", 2 * ChildRef.SIZE, maxNodeSize);
    Arguments.check(weibullShape >= 1 && weibullShape <= 16,
        "weibullShape must be between 1 and 16, got %d", weibullShape);
    Arguments.check(maxInlineValueSize >= 0 && maxInlineValueSize <= MAX_INLINE_VALUE_SIZE_LIMIT,
        "maxInlineValueSize must be between 0 and %d, got %d", MAX_INLINE_VALUE_SIZE_LIMIT, maxInlineValueSize);
  }

  /**
   * Encodes this config, to be stored next to a tree root.
   *
   * @return 21 bytes: an encoding version, then the five parameters as
   *     big-endian 32-bit integers in declaration order
   */
  public byte[] toBytes() {
    return ByteBuffer.allocate(ENCODED_SIZE)
        .put(ENCODING_VERSION)
        .putInt(minNodeSize)
        .putInt(targetNodeSize)
        .putInt(maxNodeSize)
        .putInt(weibullShape)
        .putInt(maxInlineValueSize)
        .array();
  }

  /**
   * Decodes a config written by {@link #toBytes()}.
   *
   * @param bytes the encoded config
   * @return the config
   * @throws IllegalArgumentException if {@code bytes} is not an encoded config of a known version
   */
  public static TreeConfig fromBytes(byte[] bytes) {
    Arguments.check(bytes.length == ENCODED_SIZE && bytes[0] == ENCODING_VERSION,
        "not an encoded tree config of version %d: expected %d bytes starting with %d, got %d bytes",
        ENCODING_VERSION, ENCODED_SIZE, ENCODING_VERSION, bytes.length);
    ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, ENCODED_SIZE - 1);
    try {
      return new TreeConfig(buffer.getInt(), buffer.getInt(), buffer.getInt(), buffer.getInt(), buffer.getInt());
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated tree config", e);
    }
  }
}

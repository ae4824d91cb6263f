package io.prolly.tree;

import io.prolly.spi.Hash;
import java.util.List;

/**
 * Encodes nodes in format version 1. Every number is big-endian; offsets are unsigned 16-bit.
 *
 * <pre>
 * byte 0        format version (1)
 * byte 1        level: 0 for a leaf, the height above the leaves for an internal node
 * bytes 2-3     n, the number of entries (only an empty tree's root has none)
 * n x u16       key ends: where each key ends, counted from the start of the key heap
 * leaf:
 *   n x u16     value ends, counted from the start of the value heap
 *   key heap    the keys, in strictly increasing unsigned order, back to back
 *   value heap  the values, back to back
 * internal:
 *   key heap    the last key of each child's subtree
 *   n x 32      the child hashes
 *   n x varint  the number of entries in each child's subtree (unsigned LEB128, minimal, at least 1)
 * </pre>
 *
 * <p>Nothing follows; the encoding of a list of entries is unique, so equal nodes have equal
 * hashes. The offset tables let a reader binary-search the keys on the raw bytes without decoding
 * anything else (see {@link Node}).
 */
final class NodeFormat {

  static final byte VERSION = 1;
  static final int HEADER_SIZE = 4;
  static final int OFFSET_SIZE = 2;
  static final int MAX_OFFSET = 0xFFFF;

  /** The encoding of the empty tree's root: a leaf with no entries. */
  static final byte[] EMPTY_LEAF = {VERSION, 0, 0, 0};
  static final Hash EMPTY_LEAF_HASH = Hash.of(EMPTY_LEAF);

  private NodeFormat() {}

  /**
   * Encodes a node.
   *
   * @param level 0 for a leaf
   * @param keys the keys in strictly increasing order
   * @param values the leaf values, or {@link ChildRef#toValue() child references} for an internal node
   */
  static byte[] encode(int level, List<byte[]> keys, List<byte[]> values) {
    int n = keys.size();
    Require.state(level >= 0 && level <= 0xFF, "node level %d out of range", level);
    Require.state(n <= MAX_OFFSET && values.size() == n, "bad node of %d keys, %d values", n, values.size());
    int keyHeap = heapSize(keys);
    boolean leaf = level == 0;
    int valueHeap;
    if (leaf) {
      valueHeap = heapSize(values);
    } else {
      valueHeap = n * Hash.LENGTH;
      for (byte[] value : values) {
        valueHeap += Varint.size(ChildRef.fromValue(value).count());
      }
    }
    int tables = (leaf ? 2 : 1) * n * OFFSET_SIZE;
    byte[] node = new byte[HEADER_SIZE + tables + keyHeap + valueHeap];
    node[0] = VERSION;
    node[1] = (byte) level;
    writeU16(node, 2, n);
    int pos = HEADER_SIZE;
    pos = writeEnds(node, pos, keys);
    if (leaf) {
      pos = writeEnds(node, pos, values);
    }
    pos = writeHeap(node, pos, keys);
    if (leaf) {
      writeHeap(node, pos, values);
    } else {
      for (byte[] value : values) {
        System.arraycopy(value, 0, node, pos, Hash.LENGTH);
        pos += Hash.LENGTH;
      }
      for (byte[] value : values) {
        pos = Varint.write(node, pos, ChildRef.fromValue(value).count());
      }
    }
    return node;
  }

  static int readU16(byte[] bytes, int offset) {
    return ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF);
  }

  private static void writeU16(byte[] bytes, int offset, int value) {
    bytes[offset] = (byte) (value >>> 8);
    bytes[offset + 1] = (byte) value;
  }

  private static int heapSize(List<byte[]> items) {
    int size = 0;
    for (byte[] item : items) {
      size += item.length;
    }
    // The tree config bounds node, key and value sizes so that this holds; see TreeConfig.
    Require.state(size <= MAX_OFFSET, "a node heap of %d bytes does not fit 16-bit offsets", size);
    return size;
  }

  private static int writeEnds(byte[] node, int pos, List<byte[]> items) {
    int end = 0;
    for (byte[] item : items) {
      end += item.length;
      writeU16(node, pos, end);
      pos += OFFSET_SIZE;
    }
    return pos;
  }

  private static int writeHeap(byte[] node, int pos, List<byte[]> items) {
    for (byte[] item : items) {
      System.arraycopy(item, 0, node, pos, item.length);
      pos += item.length;
    }
    return pos;
  }
}

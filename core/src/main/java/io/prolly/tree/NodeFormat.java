package io.prolly.tree;

import io.prolly.error.CorruptNodeException;
import io.prolly.spi.Hash;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes nodes in format version 1. Every number is big-endian; offsets are unsigned 16-bit.
 * A store holds three kinds of node, and every node says which it is in its second byte, so that
 * a node's references can be found from its bytes alone (see {@link #references}).
 *
 * <pre>
 * byte 0        format version (1)
 * byte 1        kind: 0 tree node, 1 blob chunk, 2 blob index
 *
 * tree node (kind 0):
 * byte 2        level: 0 for a leaf, the height above the leaves for an internal node
 * bytes 3-4     n, the number of entries (only an empty tree's root has none)
 * n x u16       key ends: where each key ends, counted from the start of the key heap
 * leaf:
 *   n x u16     value ends, counted from the start of the value heap
 *   key heap    the keys, in strictly increasing unsigned order, back to back
 *   value heap  the stored values, back to back; each starts with a tag byte:
 *                 0  inline: the value's bytes follow
 *                 1  blob reference: the 32-byte hash of the blob's root node, then the value's
 *                    length as an 8-byte integer, at least 1
 * internal:
 *   key heap    the last key of each child's subtree
 *   n x 32      the child hashes
 *   n x varint  the number of entries in each child's subtree (unsigned LEB128, minimal, at least 1)
 *
 * blob chunk (kind 1): a run of a large value's bytes
 * bytes 2-      1 to {@value BlobChunker#MAX_SIZE} bytes of the value
 *
 * blob index (kind 2): the chunks of a large value, in order, as a tree
 * byte 2        level: 1 if the children are chunks, else one more than the children's level
 * bytes 3-4     n, the number of children, at least 2
 * n x 32        the child hashes
 * n x varint    the number of value bytes under each child (unsigned LEB128, minimal, at least 1)
 * </pre>
 *
 * <p>A value longer than the tree's {@link TreeConfig#maxInlineValueSize()} is stored as a blob:
 * cut into chunks by {@link BlobChunker} and, if there are several, joined by index nodes that
 * {@link BlobWriter} builds; the leaf holds a reference to the blob's root, which is the chunk
 * itself when there is only one. Which values are blobs, and how they are cut, depends on the
 * value and the config alone, so a tree's root still depends only on its entries.
 *
 * <p>Nothing follows; the encoding of a list of entries is unique, so equal nodes have equal
 * hashes. The offset tables let a reader binary-search the keys on the raw bytes without decoding
 * anything else (see {@link Node}).
 */
final class NodeFormat {

  static final byte VERSION = 1;
  static final byte KIND_TREE = 0;
  static final byte KIND_BLOB_CHUNK = 1;
  static final byte KIND_BLOB_INDEX = 2;
  /** The bytes before a tree node's offset tables, and before a blob index node's hashes. */
  static final int HEADER_SIZE = 5;
  /** The bytes before a blob chunk's data. */
  static final int CHUNK_HEADER_SIZE = 2;
  static final int OFFSET_SIZE = 2;
  static final int MAX_OFFSET = 0xFFFF;

  /** The encoding of the empty tree's root: a leaf with no entries. */
  static final byte[] EMPTY_LEAF = {VERSION, KIND_TREE, 0, 0, 0};
  static final Hash EMPTY_LEAF_HASH = Hash.of(EMPTY_LEAF);

  private NodeFormat() {}

  /**
   * Encodes a tree node.
   *
   * @param level 0 for a leaf
   * @param keys the keys in strictly increasing order
   * @param values the {@link StoredValue stored values} of a leaf, or the
   *     {@link ChildRef#toValue() child references} of an internal node
   */
  static byte[] encode(int level, List<byte[]> keys, List<byte[]> values) {
    int n = keys.size();
    Require.state(level >= 0 && level <= 0xFF, "node level %d out of range", level);
    Require.state(n <= MAX_OFFSET && values.size() == n, "bad node of %d keys, %d values", n, values.size());
    int keyHeap = heapSize(keys);
    boolean leaf = level == 0;
    int valueHeap = leaf ? heapSize(values) : n * Hash.LENGTH + countsSize(values);
    int tables = (leaf ? 2 : 1) * n * OFFSET_SIZE;
    byte[] node = new byte[HEADER_SIZE + tables + keyHeap + valueHeap];
    int pos = writeHeader(node, KIND_TREE, level, n);
    pos = writeEnds(node, pos, keys);
    if (leaf) {
      pos = writeEnds(node, pos, values);
    }
    pos = writeHeap(node, pos, keys);
    if (leaf) {
      writeHeap(node, pos, values);
    } else {
      writeChildren(node, pos, values);
    }
    return node;
  }

  /** Encodes the chunk of a large value that spans {@code value[start..end)}, which is not empty. */
  static byte[] encodeBlobChunk(byte[] value, int start, int end) {
    Require.state(start < end && end - start <= BlobChunker.MAX_SIZE, "bad blob chunk [%d, %d)", start, end);
    byte[] node = new byte[CHUNK_HEADER_SIZE + end - start];
    node[0] = VERSION;
    node[1] = KIND_BLOB_CHUNK;
    System.arraycopy(value, start, node, CHUNK_HEADER_SIZE, end - start);
    return node;
  }

  /**
   * Encodes a blob index node.
   *
   * @param level 1 if the children are chunks
   * @param children the {@link ChildRef#toValue() child references}, counting value bytes
   */
  static byte[] encodeBlobIndex(int level, List<byte[]> children) {
    int n = children.size();
    Require.state(level >= 1 && level <= 0xFF && n >= 2 && n <= MAX_OFFSET,
        "bad blob index of level %d with %d children", level, n);
    byte[] node = new byte[HEADER_SIZE + n * Hash.LENGTH + countsSize(children)];
    writeChildren(node, writeHeader(node, KIND_BLOB_INDEX, level, n), children);
    return node;
  }

  /**
   * Returns the hashes of the nodes a node refers to: an internal node's children, the roots of
   * the blobs a leaf's values are stored in, a blob index's children; a blob chunk refers to
   * nothing. This is all a garbage collector or a verification needs to find every node reachable
   * from a tree's root, blob chunks included, without knowing where a node sits in its tree.
   *
   * @param id the node's hash, for error messages
   * @param bytes the node
   * @return the referenced hashes, in order, with repeats when a leaf holds a blob twice
   * @throws io.prolly.error.CorruptNodeException if the bytes are not a well-formed node
   */
  static List<Hash> references(Hash id, byte[] bytes) {
    List<Hash> references = new ArrayList<>();
    if (bytes.length > 1 && bytes[1] != KIND_TREE) {
      BlobNode blob = BlobNode.decode(id, bytes);
      for (int i = 0; i < blob.size(); i++) {
        references.add(blob.child(i));
      }
      return references;
    }
    Node node = Node.decode(id, bytes);
    for (int i = 0; i < node.size(); i++) {
      if (!node.isLeaf()) {
        references.add(node.child(i));
      } else if (node.isBlobValue(i)) { // a transfer asks this of every leaf: no copy of each value
        references.add(BlobRef.fromStored(node.value(i)).root());
      }
    }
    return references;
  }

  /** See {@link TreeNodes#isInlineLeaf}: the header, the value ends and each value's tag byte, nothing else. */
  static boolean isInlineLeaf(byte[] bytes) {
    if (bytes.length < HEADER_SIZE || bytes[0] != VERSION || bytes[1] != KIND_TREE || bytes[2] != 0) {
      return false;
    }
    int n = readU16(bytes, 3);
    int valueEnds = HEADER_SIZE + n * OFFSET_SIZE;
    int keyHeap = valueEnds + n * OFFSET_SIZE;
    if (n == 0 || keyHeap > bytes.length) {
      return false;
    }
    int valueHeap = keyHeap + readU16(bytes, valueEnds - OFFSET_SIZE); // the last key's end: the key heap's length
    int start = valueHeap;
    for (int i = 0; i < n; i++) {
      int end = valueHeap + readU16(bytes, valueEnds + i * OFFSET_SIZE);
      if (end < start || end > bytes.length || end > start && bytes[start] == StoredValue.BLOB) {
        return false;
      }
      start = end;
    }
    return start == bytes.length;
  }

  static int readU16(byte[] bytes, int offset) {
    return ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF);
  }

  private static int writeHeader(byte[] node, byte kind, int level, int n) {
    node[0] = VERSION;
    node[1] = kind;
    node[2] = (byte) level;
    node[3] = (byte) (n >>> 8);
    node[4] = (byte) n;
    return HEADER_SIZE;
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

  private static int countsSize(List<byte[]> children) {
    int size = 0;
    for (byte[] child : children) {
      size += Varint.size(ChildRef.fromValue(child).count());
    }
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

  /** Writes the hashes, then the counts, of child references. */
  private static void writeChildren(byte[] node, int pos, List<byte[]> children) {
    for (byte[] child : children) {
      System.arraycopy(child, 0, node, pos, Hash.LENGTH);
      pos += Hash.LENGTH;
    }
    for (byte[] child : children) {
      pos = Varint.write(node, pos, ChildRef.fromValue(child).count());
    }
  }
}

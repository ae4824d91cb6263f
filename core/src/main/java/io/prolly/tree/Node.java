package io.prolly.tree;

import static io.prolly.tree.NodeFormat.HEADER_SIZE;
import static io.prolly.tree.NodeFormat.OFFSET_SIZE;
import static io.prolly.tree.NodeFormat.readU16;

import io.prolly.error.CorruptNodeException;
import io.prolly.spi.Hash;
import java.util.Arrays;

/**
 * A read-only view of an encoded tree node (see {@link NodeFormat} for the layout; blob nodes are
 * read with {@link BlobNode}).
 *
 * <p>{@link #decode} checks the whole structure once, without copying keys or values, so that no
 * later access can run outside the array: a damaged node fails there with a
 * {@link CorruptNodeException} naming its hash. Keys are then compared in place; only the
 * subtree counts of an internal node are decoded, into running totals for rank and select.
 *
 * <p>Immutable and thread-safe.
 */
final class Node {

  private final Hash id;
  private final byte[] bytes;
  private final int level;
  private final int size;
  private final int keyHeap;
  private final int valueEnds;
  private final int valueHeap;
  // Internal nodes: countsBefore[i] = entries in the subtrees of children 0..i-1; length size + 1.
  private final long[] countsBefore;

  private Node(Hash id, byte[] bytes, int level, int size, int keyHeap, int valueEnds, int valueHeap,
      long[] countsBefore) {
    this.id = id;
    this.bytes = bytes;
    this.level = level;
    this.size = size;
    this.keyHeap = keyHeap;
    this.valueEnds = valueEnds;
    this.valueHeap = valueHeap;
    this.countsBefore = countsBefore;
  }

  /**
   * Checks and wraps an encoded node.
   *
   * @param id the hash the node was stored under, for error messages
   * @param bytes the encoded node; not copied, so it must not change
   * @throws CorruptNodeException if the bytes are not a well-formed node
   */
  static Node decode(Hash id, byte[] bytes) {
    Corruption corrupt = Corruption.of(id);
    if (bytes.length < HEADER_SIZE) {
      throw corrupt.because("it has " + bytes.length + " bytes, fewer than the " + HEADER_SIZE + "-byte header");
    }
    if (bytes[0] != NodeFormat.VERSION) {
      throw corrupt.because("unknown format version " + (bytes[0] & 0xFF) + " (this version of Prolly reads "
          + NodeFormat.VERSION + ")");
    }
    if (bytes[1] != NodeFormat.KIND_TREE) {
      throw corrupt.because("a tree refers to it, but it is a node of kind " + (bytes[1] & 0xFF)
          + ", not a tree node (kind " + NodeFormat.KIND_TREE + ")");
    }
    int level = bytes[2] & 0xFF;
    int size = readU16(bytes, 3);
    boolean leaf = level == 0;
    if (!leaf && size == 0) {
      throw corrupt.because("internal node at level " + level + " has no children");
    }
    int keyHeap = HEADER_SIZE + (leaf ? 2 : 1) * size * OFFSET_SIZE;
    if (keyHeap > bytes.length) {
      throw corrupt.because("offset tables for " + size + " entries overrun its " + bytes.length + " bytes");
    }
    int keysLength = checkEnds(bytes, HEADER_SIZE, size, TreeConfig.MAX_KEY_SIZE, corrupt, "key");
    int valueEnds = HEADER_SIZE + size * OFFSET_SIZE;
    int valueHeap = keyHeap + keysLength;
    if (valueHeap > bytes.length) {
      throw corrupt.because("key heap of " + keysLength + " bytes overruns its " + bytes.length + " bytes");
    }
    long[] countsBefore;
    if (leaf) {
      // A stored value is a tag byte and at most the largest inline value, or a shorter blob reference.
      int valuesLength = checkEnds(bytes, valueEnds, size, TreeConfig.MAX_INLINE_VALUE_SIZE_LIMIT + 1, corrupt,
          "value");
      if (valueHeap + valuesLength != bytes.length) {
        throw corrupt.because("it has " + bytes.length + " bytes but its tables describe "
            + (valueHeap + valuesLength));
      }
      checkValues(bytes, valueEnds, valueHeap, size, corrupt);
      countsBefore = new long[0];
    } else {
      countsBefore = Varint.readRunningTotals(bytes, valueHeap + size * Hash.LENGTH, size, corrupt);
    }
    Node node = new Node(id, bytes, level, size, keyHeap, valueEnds, valueHeap, countsBefore);
    node.checkKeyOrder(corrupt);
    return node;
  }

  Hash id() {
    return id;
  }

  byte[] bytes() {
    return bytes;
  }

  int level() {
    return level;
  }

  boolean isLeaf() {
    return level == 0;
  }

  /** Returns the number of entries (keys, children) of this node. */
  int size() {
    return size;
  }

  byte[] key(int i) {
    return Arrays.copyOfRange(bytes, keyStart(i), keyEnd(i));
  }

  int keyLength(int i) {
    return keyEnd(i) - keyStart(i);
  }

  /** Compares key {@code i} with {@code probe}, unsigned-lexicographically, in place. */
  int compareKey(int i, byte[] probe) {
    return Arrays.compareUnsigned(bytes, keyStart(i), keyEnd(i), probe, 0, probe.length);
  }

  /** Returns the first index whose key is at least {@code probe}, or {@link #size()} if none is. */
  int lowerBound(byte[] probe) {
    int low = 0;
    int high = size;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (compareKey(mid, probe) < 0) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  /**
   * Returns the child whose subtree holds {@code key}, or would hold it: the first child whose
   * last key is at least {@code key}, or the last child if there is none.
   */
  int childFor(byte[] key) {
    return Math.min(lowerBound(key), size - 1);
  }

  /** Returns entry {@code i}'s {@link StoredValue stored value}: the value itself, or a blob reference. */
  byte[] value(int i) {
    Require.state(isLeaf(), "value of an internal node");
    int start = i == 0 ? 0 : readU16(bytes, valueEnds + (i - 1) * OFFSET_SIZE);
    int end = readU16(bytes, valueEnds + i * OFFSET_SIZE);
    return Arrays.copyOfRange(bytes, valueHeap + start, valueHeap + end);
  }

  Hash child(int i) {
    Require.state(!isLeaf(), "child of a leaf");
    return Hash.fromBytes(bytes, valueHeap + i * Hash.LENGTH);
  }

  /** Returns the number of entries in the subtree of child {@code i}. */
  long childCount(int i) {
    return countsBefore[i + 1] - countsBefore[i];
  }

  /** Returns the number of entries in the subtrees of children {@code 0..i-1}. */
  long countBefore(int i) {
    return isLeaf() ? i : countsBefore[i];
  }

  /** Returns the number of entries in this node's subtree. */
  long count() {
    return countBefore(size);
  }

  /** Returns the child whose subtree holds the entry of rank {@code index} within this subtree. */
  int childHolding(long index) {
    int low = 0;
    int high = size - 1;
    while (low < high) {
      int mid = (low + high + 1) >>> 1;
      if (countsBefore[mid] <= index) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return low;
  }

  /** Returns entry {@code i}'s value as the edit machinery sees it: the value, or a child reference. */
  byte[] entryValue(int i) {
    return isLeaf() ? value(i) : ChildRef.toValue(bytes, valueHeap + i * Hash.LENGTH, childCount(i));
  }

  /** Compares key {@code i} of this node with key {@code j} of another, in place. */
  int compareKey(int i, Node other, int j) {
    return Arrays.compareUnsigned(bytes, keyStart(i), keyEnd(i), other.bytes, other.keyStart(j), other.keyEnd(j));
  }

  /** Tells whether child {@code i} of this internal node and child {@code j} of another are one subtree, in place. */
  boolean sameChild(int i, Node other, int j) {
    int from = valueHeap + i * Hash.LENGTH;
    int otherFrom = other.valueHeap + j * Hash.LENGTH;
    return Arrays.equals(bytes, from, from + Hash.LENGTH, other.bytes, otherFrom, otherFrom + Hash.LENGTH);
  }

  /** Tells whether value {@code i} of this leaf is stored as a blob, in place: without copying the value. */
  boolean isBlobValue(int i) {
    return valueEnd(i) > valueStart(i) && bytes[valueStart(i)] == StoredValue.BLOB;
  }

  /** Tells whether value {@code i} of this leaf and value {@code j} of another leaf are equal, in place. */
  boolean sameValue(int i, Node other, int j) {
    return Arrays.equals(bytes, valueStart(i), valueEnd(i), other.bytes, other.valueStart(j), other.valueEnd(j));
  }

  private int valueStart(int i) {
    return valueHeap + (i == 0 ? 0 : readU16(bytes, valueEnds + (i - 1) * OFFSET_SIZE));
  }

  private int valueEnd(int i) {
    return valueHeap + readU16(bytes, valueEnds + i * OFFSET_SIZE);
  }

  private int keyStart(int i) {
    return keyHeap + (i == 0 ? 0 : readU16(bytes, HEADER_SIZE + (i - 1) * OFFSET_SIZE));
  }

  private int keyEnd(int i) {
    return keyHeap + readU16(bytes, HEADER_SIZE + i * OFFSET_SIZE);
  }

  /** Checks an offset table of item ends and returns the size of the heap it describes. */
  private static int checkEnds(byte[] bytes, int table, int count, int maxLength, Corruption corrupt, String what) {
    int previous = 0;
    for (int i = 0; i < count; i++) {
      int end = readU16(bytes, table + i * OFFSET_SIZE);
      if (end < previous) {
        throw corrupt.because(what + " " + i + " ends at " + end + ", before it starts at " + previous);
      }
      if (end - previous > maxLength) {
        throw corrupt.because(what + " " + i + " has " + (end - previous) + " bytes, over the limit of " + maxLength);
      }
      previous = end;
    }
    return previous;
  }

  private static void checkValues(byte[] bytes, int valueEnds, int valueHeap, int count, Corruption corrupt) {
    int start = 0;
    for (int i = 0; i < count; i++) {
      int end = readU16(bytes, valueEnds + i * OFFSET_SIZE);
      String problem = StoredValue.check(bytes, valueHeap + start, valueHeap + end);
      if (problem != null) {
        throw corrupt.because("value " + i + " " + problem);
      }
      start = end;
    }
  }

  private void checkKeyOrder(Corruption corrupt) {
    for (int i = 1; i < size; i++) {
      if (Arrays.compareUnsigned(bytes, keyStart(i - 1), keyEnd(i - 1), bytes, keyStart(i), keyEnd(i)) >= 0) {
        throw corrupt.because("key " + i + " is not greater than key " + (i - 1));
      }
    }
  }
}

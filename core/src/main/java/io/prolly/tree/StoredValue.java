package io.prolly.tree;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The form in which a leaf stores a value: a tag byte, then either the value itself or a
 * {@link BlobRef} to where it is stored out of line (see {@link NodeFormat}). Leaves, the chunker,
 * edits and diffs work on stored values; only what a reader hands out is the value itself.
 */
final class StoredValue {

  static final byte INLINE = 0;
  static final byte BLOB = 1;

  private StoredValue() {}

  /** Returns the stored form of a value kept in the leaf. */
  static byte[] inline(byte[] value) {
    byte[] stored = new byte[value.length + 1];
    stored[0] = INLINE;
    System.arraycopy(value, 0, stored, 1, value.length);
    return stored;
  }

  static boolean isBlob(byte[] stored) {
    return stored[0] == BLOB;
  }

  /** Returns a copy of the value of a stored value that is not a blob. */
  static byte[] inlineBytes(byte[] stored) {
    Require.state(stored[0] == INLINE, "not an inline value");
    return Arrays.copyOfRange(stored, 1, stored.length);
  }

  /** Returns the length of the value a stored value stands for, without reading a blob. */
  static long valueLength(byte[] stored) {
    return isBlob(stored) ? BlobRef.fromStored(stored).length() : stored.length - 1;
  }

  /**
   * Checks the stored value in {@code node[start..end)} of a leaf being decoded.
   *
   * @return what is wrong with it, or null if it is well formed
   */
  static @Nullable String check(byte[] node, int start, int end) {
    if (start == end) {
      return "has no tag byte";
    }
    if (node[start] == INLINE) {
      return null;
    }
    if (node[start] != BLOB) {
      return "has the unknown tag " + (node[start] & 0xFF);
    }
    if (end - start != BlobRef.STORED_SIZE) {
      return "is a blob reference of " + (end - start) + " bytes instead of " + BlobRef.STORED_SIZE;
    }
    long length = BlobRef.readLength(node, start);
    return length >= 1 ? null : "is a reference to a blob of " + length + " bytes";
  }
}

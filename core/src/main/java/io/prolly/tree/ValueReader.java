package io.prolly.tree;

import io.prolly.error.CorruptNodeException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * Turns the values that leaves store back into the values themselves, reading blobs through a
 * loader. Not thread-safe, like the loader's transaction.
 */
final class ValueReader {

  private final NodeLoader loader;

  ValueReader(NodeLoader loader) {
    this.loader = loader;
  }

  /**
   * Returns the value a stored value stands for, reading its blob if it has one.
   *
   * @param key the key of the value, for error messages
   * @throws IllegalStateException if the value is longer than an array can be
   * @throws io.prolly.error.CorruptNodeException if a node of the blob is missing or damaged
   */
  byte[] bytes(byte[] key, byte[] stored) {
    if (!StoredValue.isBlob(stored)) {
      return StoredValue.inlineBytes(stored);
    }
    BlobRef ref = BlobRef.fromStored(stored);
    BlobInputStream in = new BlobInputStream(loader, ref); // first checks that the blob is as long as the leaf says
    if (ref.length() > Integer.MAX_VALUE) {
      throw new IllegalStateException("the value of key " + Keys.toString(key) + " has " + ref.length()
          + " bytes, more than an array holds; read it as a stream with TreeReader.openValue");
    }
    byte[] value = new byte[(int) ref.length()];
    int filled = 0;
    while (filled < value.length) {
      filled += in.read(value, filled, value.length - filled); // never -1: the blob's length was checked
    }
    return value;
  }

  /** Like {@link #bytes}, for a stored value that may be absent. */
  byte @Nullable [] bytesOrNull(byte[] key, byte @Nullable [] stored) {
    return stored == null ? null : bytes(key, stored);
  }

  /** Returns a stream of the value a stored value stands for, which reads its blob on demand. */
  InputStream stream(byte[] stored) {
    return StoredValue.isBlob(stored)
        ? new BlobInputStream(loader, BlobRef.fromStored(stored))
        : new ByteArrayInputStream(StoredValue.inlineBytes(stored));
  }
}

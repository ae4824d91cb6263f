package io.prolly.tree;

import io.prolly.spi.support.Arguments;
import java.util.Arrays;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A batch of puts and deletes for {@link TreeWriter#apply}, kept sorted by key. A later edit of
 * a key replaces an earlier one. Keys and values are copied.
 *
 * <p>Not thread-safe.
 */
public final class Edits {

  private final NavigableMap<byte[], byte @Nullable []> edits = new TreeMap<>(Arrays::compareUnsigned);

  /** Creates an empty batch. */
  public Edits() {}

  /**
   * Sets a key to a value.
   *
   * @param key the key, at most {@link TreeConfig#MAX_KEY_SIZE} bytes
   * @param value the value, of any length; one longer than the tree config's
   *     {@link TreeConfig#maxInlineValueSize()} is stored as a blob when the batch is applied
   * @return this batch
   * @throws IllegalArgumentException if the key or value is null or the key is too long
   */
  public Edits put(byte[] key, byte[] value) {
    Arguments.check(value != null, "value is null; use delete(key) to remove a key");
    edits.put(checkKey(key).clone(), value.clone());
    return this;
  }

  /**
   * Removes a key, if it is present when the batch is applied.
   *
   * @param key the key
   * @return this batch
   * @throws IllegalArgumentException if the key is null or too long
   */
  public Edits delete(byte[] key) {
    edits.put(checkKey(key).clone(), null);
    return this;
  }

  /**
   * Returns the number of keys this batch changes.
   *
   * @return the number of distinct keys put or deleted
   */
  public int size() {
    return edits.size();
  }

  /**
   * Tells whether the batch is empty.
   *
   * @return true if no key was put or deleted
   */
  public boolean isEmpty() {
    return edits.isEmpty();
  }

  /** Returns the edits: key to new value, or to null for a delete. */
  NavigableMap<byte[], byte @Nullable []> asMap() {
    return Collections.unmodifiableNavigableMap(edits);
  }

  static byte[] checkKey(byte @Nullable [] key) {
    Arguments.check(key != null, "key is null");
    if (key.length > TreeConfig.MAX_KEY_SIZE) {
      throw new IllegalArgumentException(String.format("key %s has %d bytes, over the limit of %d",
          Keys.toString(key), key.length, TreeConfig.MAX_KEY_SIZE));
    }
    return key;
  }
}

package io.prolly.tree;

import io.prolly.spi.support.Arguments;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One difference between two trees: a key added, removed, or given another value.
 *
 * <p>The arrays are not copied; a change from a {@link TreeReader#diff diff} owns fresh arrays.
 * Changes are equal when their keys and values have the same bytes. Safe to share between
 * threads as long as nobody changes the arrays.
 *
 * @param key the key
 * @param oldValue the value in the old tree, or null if the key was added
 * @param newValue the value in the new tree, or null if the key was removed
 */
public record Change(byte[] key, byte @Nullable [] oldValue, byte @Nullable [] newValue) {

  /**
   * Checks the components.
   *
   * @throws IllegalArgumentException if the key is null or both values are null
   */
  public Change {
    Arguments.check(key != null, "key of a change is null");
    if (oldValue == null && newValue == null) {
      throw new IllegalArgumentException(
          "a change of key " + Keys.toString(key) + " has neither an old nor a new value");
    }
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Change
        && Arrays.equals(key, ((Change) o).key)
        && Arrays.equals(oldValue, ((Change) o).oldValue)
        && Arrays.equals(newValue, ((Change) o).newValue);
  }

  @Override
  public int hashCode() {
    return (31 * Arrays.hashCode(key) + Arrays.hashCode(oldValue)) * 31 + Arrays.hashCode(newValue);
  }

  @Override
  public String toString() {
    return Keys.toString(key) + ": " + (oldValue == null ? "(absent)" : Keys.toString(oldValue)) + " -> "
        + (newValue == null ? "(absent)" : Keys.toString(newValue));
  }
}

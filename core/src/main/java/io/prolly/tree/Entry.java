package io.prolly.tree;

import io.prolly.spi.support.Arguments;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A key and its value, both byte strings.
 *
 * <p>The arrays are not copied: an entry returned by a {@link TreeReader} owns fresh arrays,
 * and whoever builds an entry hands its arrays over and must not change them afterwards.
 * Entries are equal when their keys and values have the same bytes. Safe to share between
 * threads as long as nobody changes the arrays.
 *
 * @param key the key
 * @param value the value
 */
public record Entry(byte[] key, byte[] value) {

  /**
   * Checks the components.
   *
   * @throws IllegalArgumentException if the key or the value is null
   */
  public Entry {
    Arguments.check(key != null, "entry key is null");
    Arguments.check(value != null, "entry value is null");
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Entry && Arrays.equals(key, ((Entry) o).key) && Arrays.equals(value, ((Entry) o).value);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(key) + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return Keys.toString(key) + "=" + Keys.toString(value);
  }
}

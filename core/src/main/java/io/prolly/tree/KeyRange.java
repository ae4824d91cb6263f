package io.prolly.tree;

import io.prolly.spi.support.Arguments;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A half-open range of keys {@code [from, to)} in unsigned-lexicographic order; a null bound is
 * open. The arrays are copied in and out, so a range is immutable and thread-safe.
 *
 * @param from the smallest key in the range, or null for no lower bound
 * @param to the first key above the range, or null for no upper bound
 */
public record KeyRange(byte @Nullable [] from, byte @Nullable [] to) {

  private static final KeyRange ALL = new KeyRange(null, null);

  /**
   * Checks and copies the bounds.
   *
   * @throws IllegalArgumentException if {@code from} is greater than {@code to}
   */
  public KeyRange {
    from = from == null ? null : from.clone();
    to = to == null ? null : to.clone();
    if (from != null && to != null && Arrays.compareUnsigned(from, to) > 0) {
      throw new IllegalArgumentException(
          "key range starts at " + Keys.toString(from) + ", after its end " + Keys.toString(to));
    }
  }

  /**
   * Returns the range of every key.
   *
   * @return the unbounded range
   */
  public static KeyRange all() {
    return ALL;
  }

  /**
   * Returns the keys from {@code from} inclusive up to {@code to} exclusive.
   *
   * @param from the smallest key in the range
   * @param to the first key above the range
   * @return the range
   * @throws IllegalArgumentException if a bound is null or {@code from > to}
   */
  public static KeyRange between(byte[] from, byte[] to) {
    Arguments.check(from != null && to != null, "a bound of a key range is null; use atLeast or below");
    return new KeyRange(from, to);
  }

  /**
   * Returns the keys from {@code from} on.
   *
   * @param from the smallest key in the range
   * @return the range
   * @throws IllegalArgumentException if {@code from} is null
   */
  public static KeyRange atLeast(byte[] from) {
    Arguments.check(from != null, "the lower bound of a key range is null; use all()");
    return new KeyRange(from, null);
  }

  /**
   * Returns the keys below {@code to}.
   *
   * @param to the first key above the range
   * @return the range
   * @throws IllegalArgumentException if {@code to} is null
   */
  public static KeyRange below(byte[] to) {
    Arguments.check(to != null, "the upper bound of a key range is null; use all()");
    return new KeyRange(null, to);
  }

  /**
   * Returns the keys that start with a prefix.
   *
   * @param prefix the prefix; the empty prefix gives every key
   * @return the range {@code [prefix, next)}, where {@code next} is the smallest key above every
   *     key with the prefix, or unbounded above if the prefix is all {@code 0xFF} bytes
   * @throws IllegalArgumentException if {@code prefix} is null
   */
  public static KeyRange prefix(byte[] prefix) {
    Arguments.check(prefix != null, "key prefix is null");
    if (prefix.length == 0) {
      return ALL;
    }
    int last = prefix.length - 1;
    while (last >= 0 && prefix[last] == (byte) 0xFF) {
      last--;
    }
    if (last < 0) {
      return new KeyRange(prefix, null);
    }
    byte[] next = Arrays.copyOf(prefix, last + 1);
    next[last]++;
    return new KeyRange(prefix, next);
  }

  /**
   * Tells whether a key is in the range.
   *
   * @param key the key
   * @return true if {@code from <= key < to}
   */
  public boolean contains(byte[] key) {
    return isAtOrAfterStart(key) && isBelowEnd(key);
  }

  /**
   * Returns a copy of the lower bound; overridden because a record would hand out its array.
   *
   * @return the smallest key in the range, or null for no lower bound
   */
  @Override
  public byte @Nullable [] from() {
    return from == null ? null : from.clone();
  }

  /**
   * Returns a copy of the upper bound; overridden because a record would hand out its array.
   *
   * @return the first key above the range, or null for no upper bound
   */
  @Override
  public byte @Nullable [] to() {
    return to == null ? null : to.clone();
  }

  boolean isBelowEnd(byte[] key) {
    return to == null || Arrays.compareUnsigned(key, to) < 0;
  }

  boolean isAtOrAfterStart(byte[] key) {
    return from == null || Arrays.compareUnsigned(from, key) <= 0;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof KeyRange && Arrays.equals(from, ((KeyRange) o).from) && Arrays.equals(to, ((KeyRange) o).to);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(from) + Arrays.hashCode(to);
  }

  @Override
  public String toString() {
    return "[" + (from == null ? "" : Keys.toString(from)) + ", " + (to == null ? "" : Keys.toString(to)) + ")";
  }
}

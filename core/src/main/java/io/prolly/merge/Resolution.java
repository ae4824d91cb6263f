package io.prolly.merge;

import io.prolly.tree.Keys;
import io.prolly.spi.support.Arguments;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link ConflictResolver} decides for one conflicting key: a value, the key's removal, or
 * no decision, which makes the merge fail. Immutable and thread-safe.
 */
public final class Resolution {

  private static final Resolution REMOVE = new Resolution(true, null);
  private static final Resolution UNRESOLVED = new Resolution(false, null);

  private final boolean resolved;
  private final byte @Nullable [] value;

  private Resolution(boolean resolved, byte @Nullable [] value) {
    this.resolved = resolved;
    this.value = value;
  }

  /**
   * Resolves the conflict to a value.
   *
   * @param value the merged value; copied
   * @return the resolution
   * @throws IllegalArgumentException if {@code value} is null; use {@link #remove()}
   */
  public static Resolution value(byte[] value) {
    Arguments.check(value != null, "resolved value is null; use Resolution.remove() to remove the key");
    return new Resolution(true, value.clone());
  }

  /**
   * Resolves the conflict by removing the key.
   *
   * @return the resolution
   */
  public static Resolution remove() {
    return REMOVE;
  }

  /**
   * Resolves to a value, or to the key's removal if the value is null.
   *
   * @param value the merged value, or null for removal
   * @return the resolution
   */
  public static Resolution valueOrRemove(byte @Nullable [] value) {
    return value == null ? REMOVE : value(value);
  }

  /**
   * Leaves the conflict unresolved: the merge reports it in its result.
   *
   * @return the resolution
   */
  public static Resolution unresolved() {
    return UNRESOLVED;
  }

  /**
   * Tells whether this resolution settles its conflict.
   *
   * @return false only for {@link #unresolved()}
   */
  public boolean isResolved() {
    return resolved;
  }

  public byte @Nullable [] resolvedValue() {
    return value;
  }

  @Override
  public String toString() {
    return !resolved ? "unresolved" : value == null ? "remove" : "value " + Keys.toString(value);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Resolution && resolved == ((Resolution) o).resolved
        && Arrays.equals(value, ((Resolution) o).value);
  }

  @Override
  public int hashCode() {
    return 31 * Boolean.hashCode(resolved) + Arrays.hashCode(value);
  }
}

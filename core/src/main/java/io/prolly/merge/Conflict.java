package io.prolly.merge;

import io.prolly.tree.Keys;
import io.prolly.spi.support.Arguments;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A key that both sides of a three-way merge changed, to different results. A null value means
 * the key is absent on that side.
 *
 * <p>The arrays are not copied. Conflicts are equal when their keys and values have the same
 * bytes. Safe to share between threads as long as nobody changes the arrays.
 *
 * @param key the key
 * @param base the value in the common ancestor
 * @param ours the value on our side
 * @param theirs the value on their side
 */
public record Conflict(byte[] key, byte @Nullable [] base, byte @Nullable [] ours, byte @Nullable [] theirs) {

  /**
   * Checks the key.
   *
   * @throws IllegalArgumentException if the key is null
   */
  public Conflict {
    Arguments.check(key != null, "key of a conflict is null");
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Conflict
        && Arrays.equals(key, ((Conflict) o).key)
        && Arrays.equals(base, ((Conflict) o).base)
        && Arrays.equals(ours, ((Conflict) o).ours)
        && Arrays.equals(theirs, ((Conflict) o).theirs);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(new Object[] {key, base, ours, theirs});
  }

  @Override
  public String toString() {
    return Keys.toString(key) + " (base " + show(base) + ", ours " + show(ours) + ", theirs " + show(theirs) + ")";
  }

  private static String show(byte @Nullable [] value) {
    return value == null ? "absent" : Keys.toString(value);
  }
}

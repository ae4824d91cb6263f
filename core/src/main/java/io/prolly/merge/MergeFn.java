package io.prolly.merge;

import io.prolly.error.MergeConflictException;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Merges the values of one key that both sides of a merge changed differently, on decoded values.
 * A null argument means the key is absent on that side; returning null removes the key.
 *
 * <p>A merge function should be a pure function of its arguments: it may be called again when a
 * commit is retried. If it throws, the key counts as unresolved, the exception is reported in
 * {@link MergeConflictException#mergeErrors()}, and nothing is written.
 *
 * <p>"Ours" is the side being committed or merged into: in {@link io.prolly.Store#commit} the working
 * copy's staged values, in {@link io.prolly.Repository#merge} the target branch.
 *
 * @param <V> the type of the values
 */
@FunctionalInterface
public interface MergeFn<V> {

  /**
   * Merges one key.
   *
   * @param base the value in the common ancestor, or null if absent there
   * @param ours our value, or null if we removed the key
   * @param theirs their value, or null if they removed the key
   * @return the merged value, or null to remove the key
   */
  @Nullable V merge(@Nullable V base, @Nullable V ours, @Nullable V theirs);

  /**
   * Returns the counter merge: both sides' increments add up, {@code theirs + (ours - base)},
   * an absent value counting as zero. Eight writers each adding one give eight.
   *
   * @return the merge function
   */
  static MergeFn<Long> counter() {
    return (base, ours, theirs) -> zeroIfAbsent(theirs) + (zeroIfAbsent(ours) - zeroIfAbsent(base));
  }

  /**
   * Returns the three-way set merge: the elements either side added are in the result, the
   * elements either side removed are not. Without removals it is the union of both sides. The
   * result keeps their elements' order, then ours' new ones.
   *
   * @param <E> the type of the elements
   * @return the merge function
   */
  static <E> MergeFn<Set<E>> setUnion() {
    return (base, ours, theirs) -> {
      Set<E> before = base == null ? Set.of() : base;
      Set<E> mine = ours == null ? Set.of() : ours;
      Set<E> other = theirs == null ? Set.of() : theirs;
      Set<E> merged = new LinkedHashSet<>();
      for (E element : other) {
        if (mine.contains(element) || !before.contains(element)) {
          merged.add(element);
        }
      }
      for (E element : mine) {
        if (!before.contains(element)) {
          merged.add(element);
        }
      }
      return merged;
    };
  }

  /**
   * Returns the merge that keeps the greater value; an absent side counts as smaller than any.
   *
   * @param <T> the type of the values
   * @return the merge function
   */
  static <T extends Comparable<? super T>> MergeFn<T> max() {
    return (base, ours, theirs) -> {
      if (ours == null) {
        return theirs;
      }
      if (theirs == null) {
        return ours;
      }
      return ours.compareTo(theirs) >= 0 ? ours : theirs;
    };
  }

  /**
   * Returns the merge that keeps our value (or our removal).
   *
   * @param <V> the type of the values
   * @return the merge function
   */
  static <V> MergeFn<V> ours() {
    return (base, ours, theirs) -> ours;
  }

  /**
   * Returns the merge that takes their value (or their removal).
   *
   * @param <V> the type of the values
   * @return the merge function
   */
  static <V> MergeFn<V> theirs() {
    return (base, ours, theirs) -> theirs;
  }

  private static long zeroIfAbsent(@Nullable Long value) {
    return value == null ? 0L : value;
  }
}

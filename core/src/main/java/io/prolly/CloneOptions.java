package io.prolly;

import io.prolly.spi.support.Arguments;
import java.util.Arrays;
import java.util.List;

/**
 * What part of a repository a clone takes: {@link Transfer#cloneInto(Repository, CloneOptions)},
 * {@link Transfer#cloneFrom(Remote, CloneOptions)}. By default everything; a depth keeps only the
 * newest commits of each branch and tag (a shallow clone), and selected namespaces keep only their
 * data. The clone records what it left out ({@link Repository#partialState()}).
 *
 * @param depth how many commits of each branch and tag to take, counting the head as 1;
 *     {@link #ALL_HISTORY} (0) for the whole history
 * @param namespaces the namespaces to take, each with the namespaces nested below it; empty for
 *     every namespace. The root namespace (keys at the top) is taken only with every namespace
 */
public record CloneOptions(int depth, List<String> namespaces) {

  /** The depth that takes the whole history. */
  public static final int ALL_HISTORY = 0;

  /** Everything: a complete clone. */
  public static final CloneOptions FULL = new CloneOptions(ALL_HISTORY, List.of());

  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException if the depth is negative, or a namespace is null, empty,
   *     malformed or too long for a partial clone to record
   */
  public CloneOptions {
    Arguments.check(depth >= 0, "depth is " + depth + "; give the number of newest commits to take (1 or more), "
        + "or 0 for the whole history");
    Arguments.notNull(namespaces, "namespaces");
    namespaces.forEach(PartialRefs::checkNamespace);
    namespaces = List.copyOf(new java.util.TreeSet<>(namespaces));
  }

  /**
   * A shallow clone of the whole data.
   *
   * @param depth how many commits of each branch and tag to take, 1 or more
   * @return the options
   * @throws IllegalArgumentException if {@code depth} is below 1
   */
  public static CloneOptions depth(int depth) {
    Arguments.check(depth >= 1, "depth is " + depth + "; a shallow clone takes 1 or more commits");
    return new CloneOptions(depth, List.of());
  }

  /**
   * A clone of the whole history of some namespaces.
   *
   * @param namespaces the namespace paths, such as {@code "eu"}
   * @return the options
   * @throws IllegalArgumentException if no namespace is given or one is invalid
   */
  public static CloneOptions namespaces(String... namespaces) {
    Arguments.notNull(namespaces, "namespaces");
    Arguments.check(namespaces.length > 0, "no namespace given; name at least one, such as \"eu\"");
    return new CloneOptions(ALL_HISTORY, Arrays.asList(namespaces));
  }

  /**
   * The same namespaces, another depth.
   *
   * @param depth how many commits to take, or {@link #ALL_HISTORY}
   * @return the options
   * @throws IllegalArgumentException if {@code depth} is negative
   */
  public CloneOptions withDepth(int depth) {
    return new CloneOptions(depth, namespaces);
  }

  /**
   * Tells whether the clone takes everything.
   *
   * @return true without a depth and without selected namespaces
   */
  public boolean isFull() {
    return depth == ALL_HISTORY && namespaces.isEmpty();
  }
}

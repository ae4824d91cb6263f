package io.prolly.merge;

/**
 * Decides the merged value of a key that both sides of a three-way merge changed differently.
 * A resolver is called once per conflicting key, in key order, and should be a pure function
 * of the conflict. The built-in resolvers are stateless and thread-safe.
 */
@FunctionalInterface
public interface ConflictResolver {

  /**
   * Resolves one conflict.
   *
   * @param conflict the key and its three values
   * @return a value, a removal, or {@link Resolution#unresolved()} to fail the merge
   */
  Resolution resolve(Conflict conflict);

  /**
   * Tells whether a key both sides changed to the same result is also a conflict for this
   * resolver. It is not by default, as in git: the change is taken once. A resolver that merges
   * changes rather than values says yes: two sides that each added one to a counter made two
   * increments, not one.
   *
   * @return true to be called for identical changes too; false by default
   */
  default boolean resolvesIdenticalChanges() {
    return false;
  }

  /**
   * Returns the resolver that resolves nothing, so that every conflict stays unresolved and
   * is reported in the merge result. This is the safe default.
   *
   * @return the failing resolver
   */
  static ConflictResolver fail() {
    return conflict -> Resolution.unresolved();
  }

  /**
   * Returns the resolver that keeps our side's value (or absence).
   *
   * @return the resolver
   */
  static ConflictResolver ours() {
    return conflict -> Resolution.valueOrRemove(conflict.ours());
  }

  /**
   * Returns the resolver that takes their side's value (or absence).
   *
   * @return the resolver
   */
  static ConflictResolver theirs() {
    return conflict -> Resolution.valueOrRemove(conflict.theirs());
  }
}

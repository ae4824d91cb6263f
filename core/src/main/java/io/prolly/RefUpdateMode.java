package io.prolly;

/**
 * How {@link Transfer#importBundle(java.io.InputStream, RefUpdateMode)} moves the branches and
 * tags it brings, as {@code git fetch} does without and with {@code --force}.
 */
public enum RefUpdateMode {

  /**
   * Creates missing branches and tags; moves an existing branch only forward, to a commit that
   * contains its current one; leaves a branch alone that already contains the bundle's commit.
   * A branch that diverged from the bundle's, or a tag that names another commit, makes the whole
   * import fail and write nothing.
   */
  FAST_FORWARD,

  /**
   * Sets every branch and tag to exactly the commit the bundle names, even when that drops
   * commits from a branch or moves a tag, like {@link Repository#reset}.
   */
  FORCE
}

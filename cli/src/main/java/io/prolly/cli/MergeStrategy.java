package io.prolly.cli;

import io.prolly.merge.ConflictResolver;

/** How {@code merge} and {@code pull} settle keys both sides changed differently. */
enum MergeStrategy {
  /** Refuse: list the conflicting keys, write nothing. */
  FAIL(ConflictResolver.fail()),
  /** Keep the value of the branch merged into. */
  OURS(ConflictResolver.ours()),
  /** Take the value of the branch merged from. */
  THEIRS(ConflictResolver.theirs());

  private final ConflictResolver resolver;

  MergeStrategy(ConflictResolver resolver) {
    this.resolver = resolver;
  }

  ConflictResolver resolver() {
    return resolver;
  }
}

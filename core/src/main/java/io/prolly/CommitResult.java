package io.prolly;

import io.prolly.spi.support.Arguments;
import io.prolly.merge.MergeResult;
import io.prolly.spi.Hash;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Store#commit(String)} did.
 *
 * @param id the new commit
 * @param parent the commit it was made on top of: the base when the branch had not moved,
 *     otherwise the head the staged writes were merged with; null for a branch's first commit
 * @param attempts how many times the commit was tried; more than one when other commits to the
 *     branch won the race in between
 * @param merge what the merge with the moved branch did, or null if the branch had not moved
 */
public record CommitResult(Hash id, @Nullable Hash parent, int attempts, @Nullable MergeResult merge) {

  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException if {@code id} is null or {@code attempts} is below 1
   */
  public CommitResult {
    Arguments.notNull(id, "id");
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
    }
  }

  /**
   * Tells whether the branch had moved, so the commit merged.
   *
   * @return true if {@link #merge()} is present
   */
  public boolean merged() {
    return merge != null;
  }
}

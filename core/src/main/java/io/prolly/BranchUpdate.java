package io.prolly;

import io.prolly.spi.support.Arguments;
import io.prolly.spi.Hash;
import org.jspecify.annotations.Nullable;

/**
 * A branch moved: what {@link Repository#watch} listeners are told.
 *
 * @param branch the branch
 * @param before the commit it pointed to, or null if it was created
 * @param after the commit it points to now, or null if it was deleted
 */
public record BranchUpdate(String branch, @Nullable Hash before, @Nullable Hash after) {

  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException if {@code branch} is null
   */
  public BranchUpdate {
    Arguments.notNull(branch, "branch");
  }
}

package io.prolly.error;

import io.prolly.error.ProllyException;
import io.prolly.error.PushRejectedException;

/**
 * Thrown when a push would drop commits from the other repository's branch: its head is not an
 * ancestor of the commit pushed. Nothing was transferred or changed. Pull (fetch and merge) first,
 * then push again, or push with {@code force} to overwrite the other branch.
 */
public class PushRejectedException extends ProllyException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was refused and what to do
   */
  public PushRejectedException(String message) {
    super(message);
  }
}

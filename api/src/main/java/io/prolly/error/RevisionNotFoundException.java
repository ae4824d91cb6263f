package io.prolly.error;

import io.prolly.error.ProllyException;
import io.prolly.error.RevisionNotFoundException;

/**
 * Thrown when a revision (a branch, tag, commit hash or an expression such as {@code main~2})
 * names nothing in the repository, or a hash prefix matches more than one commit.
 */
public class RevisionNotFoundException extends ProllyException {

  /** The revision as the caller wrote it. */
  private final String revision;

  /**
   * Creates the exception.
   *
   * @param revision the revision as the caller wrote it
   * @param message why it could not be resolved, with candidates where there are some
   */
  public RevisionNotFoundException(String revision, String message) {
    super(message);
    this.revision = revision;
  }

  /**
   * Returns the revision that could not be resolved.
   *
   * @return the revision as the caller wrote it
   */
  public String revision() {
    return revision;
  }
}

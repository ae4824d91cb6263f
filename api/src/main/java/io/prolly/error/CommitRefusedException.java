package io.prolly.error;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a commit validator refuses to let a branch move: a commit, merge, revert,
 * cherry-pick, reset, import or received push. Nothing was written: the branch is where it was
 * and a committing store keeps its staged writes, so the caller can change them and try again.
 */
public class CommitRefusedException extends ProllyException {

  private static final long serialVersionUID = 1L;

  /** The name the validator was registered under. */
  private final String validator;
  /** The branch that was to move. */
  private final String branch;
  /** Why the validator refused. */
  private final String reason;

  /**
   * Creates the exception.
   *
   * @param validator the name the validator was registered under
   * @param branch the branch that was to move
   * @param reason why the validator refused, in its own words
   * @param cause what the validator threw, if it failed instead of answering
   */
  public CommitRefusedException(String validator, String branch, String reason, @Nullable Throwable cause) {
    super("validator '" + validator + "' refused to move branch '" + branch + "': " + reason
        + "; nothing was written", cause);
    this.validator = validator;
    this.branch = branch;
    this.reason = reason;
  }

  /**
   * Returns the validator that refused.
   *
   * @return the name it was registered under
   */
  public String validator() {
    return validator;
  }

  /**
   * Returns the branch that was to move.
   *
   * @return the branch name, such as {@code main}
   */
  public String branch() {
    return branch;
  }

  /**
   * Returns why the validator refused.
   *
   * @return the validator's reason
   */
  public String reason() {
    return reason;
  }
}

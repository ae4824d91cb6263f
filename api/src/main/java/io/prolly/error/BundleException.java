package io.prolly.error;

import io.prolly.error.BundleException;
import io.prolly.error.ProllyException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a bundle cannot be imported: it is not a bundle, it is truncated or damaged, it needs
 * commits the repository lacks, or it would move a branch or tag in a way that was not allowed.
 * The import wrote nothing; the message says what was wrong and what to do.
 */
public class BundleException extends ProllyException {

  /**
   * Creates the exception.
   *
   * @param message what was wrong and what to do
   */
  public BundleException(String message) {
    super(message);
  }

  /**
   * Creates the exception with the failure that revealed the problem.
   *
   * @param message what was wrong and what to do
   * @param cause the lower-level failure, if any
   */
  public BundleException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}

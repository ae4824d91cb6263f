package io.prolly.error;

import io.prolly.error.InvalidProofException;
import io.prolly.error.ProllyException;

/**
 * Thrown when a {@code Proof} does not prove anything under the trusted commit: a node is
 * altered or missing, or the proof was made for another commit. Do not trust its value.
 */
public class InvalidProofException extends ProllyException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong with the proof
   * @param cause what verification ran into, or null
   */
  public InvalidProofException(String message, @org.jspecify.annotations.Nullable Throwable cause) {
    super(message, cause);
  }
}

package io.prolly.error;

import io.prolly.error.ConcurrencyException;
import io.prolly.error.ProllyException;

/**
 * Thrown when a write lost a race: a ref compare-and-set found a value other than the expected
 * one. Nothing of the failed transaction was applied, so the caller may read the new state and
 * try again.
 */
public class ConcurrencyException extends ProllyException {

  /**
   * Creates the exception.
   *
   * @param message which ref moved, from what to what, and that a retry is safe
   */
  public ConcurrencyException(String message) {
    super(message);
  }
}

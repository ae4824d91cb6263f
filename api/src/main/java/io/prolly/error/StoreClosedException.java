package io.prolly.error;

import io.prolly.error.ProllyException;
import io.prolly.error.StoreClosedException;

/**
 * Thrown by any operation on a store, or on one of its transactions, after the store was closed.
 */
public class StoreClosedException extends ProllyException {

  /**
   * Creates the exception.
   *
   * @param message which store was closed and which operation was attempted
   */
  public StoreClosedException(String message) {
    super(message);
  }
}

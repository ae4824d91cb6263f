package io.prolly.error;

import io.prolly.error.ConcurrencyException;
import io.prolly.error.ProllyException;
import io.prolly.error.StoreLockedException;
import org.jspecify.annotations.Nullable;

/**
 * The root of every exception Prolly throws on purpose. It is unchecked: callers catch the
 * subclasses they can act on ({@link ConcurrencyException} to retry, {@link StoreLockedException}
 * to report a busy store, ...) and let the rest propagate.
 *
 * <p>A bad argument is reported with {@link IllegalArgumentException} instead, as the JDK does.
 */
public class ProllyException extends RuntimeException {

  /**
   * Creates an exception with a message that says what failed and what to do.
   *
   * @param message the description shown to the user
   */
  public ProllyException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and the underlying cause.
   *
   * @param message the description shown to the user
   * @param cause the failure that led to this one, if any
   */
  public ProllyException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}

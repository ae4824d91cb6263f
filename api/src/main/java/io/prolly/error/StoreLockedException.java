package io.prolly.error;

import io.prolly.error.ProllyException;
import io.prolly.error.StoreLockedException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a store cannot be opened because another process, or another open handle in this
 * process, holds its lock. Close the other handle, or share one open store between the users.
 */
public class StoreLockedException extends ProllyException {

  /** The locked location. */
  private final String location;

  /**
   * Creates the exception.
   *
   * @param location the locked location, as given in the store configuration
   * @param message what holds the lock, as far as it is known, and what to do
   * @param cause the lower-level failure, if any
   */
  public StoreLockedException(String location, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.location = location;
  }

  /**
   * Returns the location that is locked.
   *
   * @return the location as given in the store configuration
   */
  public String location() {
    return location;
  }
}

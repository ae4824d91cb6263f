package io.prolly.error;

import io.prolly.error.CorruptStoreException;
import io.prolly.error.ProllyException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a backend finds its storage unreadable: a damaged file, an unknown format, or data
 * written by another backend. The store is left as it was; restore it from a backup or bundle.
 */
public class CorruptStoreException extends ProllyException {

  /** The damaged location. */
  private final String location;

  /**
   * Creates the exception.
   *
   * @param location the damaged location (a path for embedded backends)
   * @param message what was found to be wrong
   * @param cause the lower-level failure, if any
   */
  public CorruptStoreException(String location, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.location = location;
  }

  /**
   * Returns the damaged location.
   *
   * @return the location as given in the store configuration
   */
  public String location() {
    return location;
  }
}

package io.prolly.error;

import io.prolly.error.ProllyException;
import io.prolly.error.StorageFullException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a commit cannot be stored because the file system the store is on has no space
 * left ({@code ENOSPC}, or a disk quota). Nothing of the failed commit is visible, and every
 * commit acknowledged before it is intact. The store stays open and readable; commits succeed
 * again once space is freed, and committing the same changes again is safe.
 */
public class StorageFullException extends ProllyException {

  /** The full location. */
  private final String location;

  /**
   * Creates the exception.
   *
   * @param location the location whose storage is full, as given in the store configuration
   * @param message what could not be written, and what to do
   * @param cause the lower-level failure, if any
   */
  public StorageFullException(String location, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.location = location;
  }

  /**
   * Returns the location whose storage is full.
   *
   * @return the location as given in the store configuration
   */
  public String location() {
    return location;
  }
}

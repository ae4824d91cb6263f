package io.prolly.backend.file;

import io.prolly.error.CorruptStoreException;

/**
 * Thrown from inside MVStore's page reading when a page of a Prolly map fails its checksum or
 * holds an impossible length. It never leaves the backend: {@link StoreFailures} turns it into a
 * {@link io.prolly.error.CorruptStoreException} naming the file.
 */
final class DamagedPageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  DamagedPageException(String message) {
    super(message);
  }
}

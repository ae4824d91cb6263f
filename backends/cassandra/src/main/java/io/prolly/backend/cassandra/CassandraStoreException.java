package io.prolly.backend.cassandra;

import io.prolly.error.ProllyException;
import org.jspecify.annotations.Nullable;

/**
 * Cassandra refused or failed an operation of a {@code cassandra:} store for a reason other than a
 * ref conflict: nodes that cannot be reached, a timeout that retries did not overcome, a missing
 * permission, a schema that does not fit. The message names the store and the operation.
 */
public class CassandraStoreException extends ProllyException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed and what to do
   * @param cause the driver's exception, or null
   */
  public CassandraStoreException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}

package io.prolly.backend.cassandra;

/**
 * A commit's conditional batch timed out or lost its connection, and the store could not find out
 * afterwards, by a serial read of the commit record, whether it was applied. The transaction was
 * applied entirely or not at all: read the refs to see which before doing the work again.
 */
public class CommitOutcomeUnknownException extends CassandraStoreException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is known and what to do
   * @param cause the driver's exception from the commit or from the attempts to settle it
   */
  public CommitOutcomeUnknownException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.prolly.backend.jdbc;

import java.sql.SQLException;

/**
 * The connection to the database was lost while it was committing a transaction, and the backend
 * could not find out afterwards whether the commit happened. The transaction may or may not be
 * applied, but never partly: read the refs to find out before doing the work again.
 */
public class CommitOutcomeUnknownException extends JdbcStoreException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is known and what to do
   * @param cause the driver's exception from the lost commit
   */
  public CommitOutcomeUnknownException(String message, SQLException cause) {
    super(message, cause);
  }
}

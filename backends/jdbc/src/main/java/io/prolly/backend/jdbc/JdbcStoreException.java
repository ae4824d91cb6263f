package io.prolly.backend.jdbc;

import io.prolly.error.ProllyException;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * The database refused or failed an operation of a {@code jdbc:} store for a reason other than a
 * ref conflict: a lost connection that retries did not overcome, a permission problem, a full
 * disk, a schema that does not fit. The message names the operation and the SQL state.
 */
public class JdbcStoreException extends ProllyException {

  private static final long serialVersionUID = 1L;

  private final @Nullable String sqlState;

  /**
   * Creates the exception.
   *
   * @param message what failed and what to do
   * @param cause the driver's exception, or null
   */
  public JdbcStoreException(String message, @Nullable SQLException cause) {
    super(message, cause);
    this.sqlState = cause == null ? null : cause.getSQLState();
  }

  /**
   * Returns the SQL state of the database error, such as {@code 42501} for a missing privilege.
   *
   * @return the five-character SQL state, or null if the driver gave none
   */
  public @Nullable String sqlState() {
    return sqlState;
  }
}

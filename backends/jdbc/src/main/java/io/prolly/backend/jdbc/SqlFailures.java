package io.prolly.backend.jdbc;

import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/** Sorts database errors into those worth retrying and the rest, and words the rest. */
final class SqlFailures {

  private SqlFailures() {}

  /**
   * Tells whether an error may go away if the whole operation runs again on a new connection:
   * serialization failures and deadlocks (class 40), connection failures (class 08), and a server
   * that shuts down or terminates the session (57P01 to 57P03).
   */
  static boolean isTransient(SQLException e) {
    String state = e.getSQLState();
    return state != null
        && (state.startsWith("40") || state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
            || state.equals("57P03"));
  }

  /**
   * Tells whether a failed {@code COMMIT} may still have committed: the connection is gone, or
   * the server said so itself (40003, statement completion unknown).
   */
  static boolean isOutcomeUnknown(SQLException e) {
    String state = e.getSQLState();
    return state != null
        && (state.startsWith("08") || state.equals("40003") || state.equals("57P01") || state.equals("57P02")
            || state.equals("57P03"));
  }

  /** Wraps an error the backend gives up on, naming the operation, the SQL state and the store. */
  static JdbcStoreException wrap(String operation, String store, SQLException e) {
    return new JdbcStoreException("cannot " + operation + " in store '" + store + "': " + describe(e)
        + (isTransient(e)
            ? "; the database stayed unreachable or busy through every retry, check the server and the network"
            : ""), e);
  }

  static String describe(SQLException e) {
    @Nullable String state = e.getSQLState();
    return "SQL state " + (state == null ? "unknown" : state) + ", " + e.getMessage();
  }
}

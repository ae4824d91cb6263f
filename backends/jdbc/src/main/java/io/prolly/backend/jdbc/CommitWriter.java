package io.prolly.backend.jdbc;

import io.prolly.error.ConcurrencyException;
import io.prolly.spi.Durability;
import io.prolly.spi.Hash;
import io.prolly.spi.support.Changes;
import io.prolly.spi.support.RefChange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Applies one write transaction's {@link Changes} as one database transaction, at
 * {@code READ COMMITTED}: insert the nodes, delete the deleted ones, then move each ref with a
 * conditional statement whose update count says whether the ref still had the expected value.
 *
 * <p>Why {@code READ COMMITTED} is enough: the compare-and-set is not a read followed by a write
 * but a single {@code UPDATE ... WHERE name = ? AND hash = ?} (or an insert that does nothing on
 * conflict, or a conditional delete). PostgreSQL takes the row lock, waits for any concurrent
 * writer of that row to finish, and re-evaluates the condition on the newest committed version,
 * so exactly one of two racing commits from the same value matches; the lock is held until this
 * transaction commits, so nobody moves the ref between the check and the commit. Higher levels
 * would turn those races into serialization failures to retry instead of a clean
 * {@link ConcurrencyException}. Rows are touched in sorted order (nodes by id, refs by name), so
 * two commits never wait on each other in a cycle.
 */
final class CommitWriter {

  private static final int BATCH_ROWS = 1_000;
  private static final long BATCH_BYTES = 32L << 20;
  /** How long to wait for the server to settle a commit whose connection broke. */
  private static final int OUTCOME_CHECKS = 50;
  private static final long OUTCOME_PAUSE_MILLIS = 200;

  private final Connections connections;
  private final StoreSchema schema;
  private final Retrier retrier;
  private final String store;
  private final Durability durability;

  CommitWriter(Connections connections, StoreSchema schema, Retrier retrier, String store, Durability durability) {
    this.connections = connections;
    this.schema = schema;
    this.retrier = retrier;
    this.store = store;
    this.durability = durability;
  }

  /**
   * Applies the changes, or nothing. A transient failure before {@code COMMIT} is retried as a
   * whole transaction on a new connection.
   *
   * @throws ConcurrencyException if a ref no longer has the expected value
   * @throws CommitOutcomeUnknownException if the connection broke during {@code COMMIT} and the
   *     outcome could not be found out
   * @throws JdbcStoreException if the database fails otherwise
   */
  void apply(Changes changes) {
    retrier.run("commit", () -> {
      attempt(changes);
      return null;
    });
  }

  private void attempt(Changes changes) throws SQLException {
    try (Connection connection = connections.forCommit()) {
      try {
        try (Statement statement = connection.createStatement()) {
          statement.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED; SET LOCAL synchronous_commit TO "
              + (durability == Durability.IMMEDIATE ? "on" : "off"));
        }
        insertNodes(connection, changes.puts());
        deleteNodes(connection, changes.deletes());
        for (Map.Entry<String, RefChange> ref : new TreeMap<>(changes.refs()).entrySet()) {
          moveRef(connection, ref.getKey(), ref.getValue());
        }
        commit(connection, currentTransaction(connection));
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection, e);
        throw e;
      }
    }
  }

  private void insertNodes(Connection connection, Map<Hash, byte[]> puts) throws SQLException {
    if (puts.isEmpty()) {
      return;
    }
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO " + schema.nodes + " (hash, data) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING")) {
      int rows = 0;
      long bytes = 0;
      for (Map.Entry<Hash, byte[]> node : new TreeMap<>(puts).entrySet()) {
        insert.setBytes(1, node.getKey().toBytes());
        insert.setBytes(2, node.getValue());
        insert.addBatch();
        rows++;
        bytes += node.getValue().length;
        if (rows >= BATCH_ROWS || bytes >= BATCH_BYTES) {
          insert.executeBatch();
          rows = 0;
          bytes = 0;
        }
      }
      if (rows > 0) {
        insert.executeBatch();
      }
    }
  }

  private void deleteNodes(Connection connection, Set<Hash> deletes) throws SQLException {
    if (deletes.isEmpty()) {
      return;
    }
    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + schema.nodes + " WHERE hash = ?")) {
      int rows = 0;
      for (Hash id : new TreeSet<>(deletes)) {
        delete.setBytes(1, id.toBytes());
        delete.addBatch();
        if (++rows % BATCH_ROWS == 0) {
          delete.executeBatch();
        }
      }
      delete.executeBatch();
    }
  }

  /** Moves one ref if it has the expected value, else rolls back and throws. */
  private void moveRef(Connection connection, String name, RefChange change) throws SQLException {
    @Nullable Hash expected = change.expected();
    @Nullable Hash value = change.value();
    boolean matched;
    if (expected != null && value != null && !expected.equals(value)) {
      matched = update(connection, "UPDATE " + schema.refs + " SET hash = ? WHERE name = ? AND hash = ?",
          value.toBytes(), name, expected.toBytes());
    } else if (expected != null && value != null) {
      // Unchanged, but the commit depends on it: lock the row so it stays until we commit.
      matched = exists(connection, "SELECT 1 FROM " + schema.refs + " WHERE name = ? AND hash = ? FOR SHARE",
          name, expected.toBytes());
    } else if (expected != null) {
      matched = update(connection, "DELETE FROM " + schema.refs + " WHERE name = ? AND hash = ?",
          name, expected.toBytes());
    } else if (value != null) {
      matched = update(connection, "INSERT INTO " + schema.refs + " (name, hash) VALUES (?, ?)"
          + " ON CONFLICT (name) DO NOTHING", name, value.toBytes());
    } else {
      matched = !exists(connection, "SELECT 1 FROM " + schema.refs + " WHERE name = ?", name);
    }
    if (!matched) {
      @Nullable Hash actual = currentRef(connection, name);
      connection.rollback();
      throw new ConcurrencyException("ref '" + name + "' was changed by another transaction: expected "
          + describe(expected) + " but it is " + describe(actual)
          + "; nothing was committed, read the ref again and retry");
    }
  }

  private static boolean update(Connection connection, String sql, Object... parameters) throws SQLException {
    try (PreparedStatement statement = prepare(connection, sql, parameters)) {
      return statement.executeUpdate() == 1;
    }
  }

  private static boolean exists(Connection connection, String sql, Object... parameters) throws SQLException {
    try (PreparedStatement statement = prepare(connection, sql, parameters);
        ResultSet rows = statement.executeQuery()) {
      return rows.next();
    }
  }

  private @Nullable Hash currentRef(Connection connection, String name) throws SQLException {
    try (PreparedStatement statement = prepare(connection, "SELECT hash FROM " + schema.refs + " WHERE name = ?", name);
        ResultSet rows = statement.executeQuery()) {
      return rows.next() ? Hash.fromBytes(rows.getBytes(1)) : null;
    }
  }

  private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
      throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    for (int i = 0; i < parameters.length; i++) {
      statement.setObject(i + 1, parameters[i]);
    }
    return statement;
  }

  private static long currentTransaction(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT txid_current()")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /**
   * Sends {@code COMMIT}. If the connection breaks meanwhile, the server may or may not have
   * committed: ask it, on a new connection, what became of the transaction. Committed means
   * success; aborted means nothing was applied, so the failure is rethrown for the retrier; an
   * answer that never comes is reported as an unknown outcome, never as success.
   */
  private void commit(Connection connection, long transaction) throws SQLException {
    try {
      connection.commit();
    } catch (SQLException e) {
      if (!SqlFailures.isOutcomeUnknown(e)) {
        throw e;
      }
      String outcome = outcomeOf(transaction, e);
      if (outcome.equals("committed")) {
        return;
      }
      if (outcome.equals("aborted")) {
        throw e;
      }
      throw new CommitOutcomeUnknownException("the connection to the database of store '" + store
          + "' broke while committing (" + SqlFailures.describe(e) + ") and the outcome of transaction "
          + transaction + " could not be found out (" + outcome + "); it was applied entirely or not at all."
          + " Read the refs to see which before doing the work again", e);
    }
  }

  private String outcomeOf(long transaction, SQLException lost) {
    List<String> problems = new ArrayList<>();
    for (int check = 0; check < OUTCOME_CHECKS; check++) {
      try (Connection connection = connections.forCommit();
          PreparedStatement statement = connection.prepareStatement("SELECT txid_status(?)")) {
        statement.setLong(1, transaction);
        try (ResultSet rows = statement.executeQuery()) {
          rows.next();
          String status = rows.getString(1);
          connection.rollback();
          if (status == null) {
            return "the server no longer knows it";
          }
          if (!status.equals("in progress")) {
            return status;
          }
        }
      } catch (SQLException e) {
        problems.add(SqlFailures.describe(e));
      }
      try {
        Thread.sleep(OUTCOME_PAUSE_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted while asking the server";
      }
    }
    if (problems.isEmpty()) {
      return "still in progress after " + OUTCOME_CHECKS + " checks";
    }
    lost.addSuppressed(new SQLException("asking for the outcome failed: " + problems));
    return "the server cannot be reached";
  }

  private static void rollbackQuietly(Connection connection, Throwable failure) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  private static String describe(@Nullable Hash hash) {
    return hash == null ? "absent" : hash.toShortHex();
  }
}

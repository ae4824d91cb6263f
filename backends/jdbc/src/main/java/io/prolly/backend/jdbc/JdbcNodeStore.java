package io.prolly.backend.jdbc;

import io.prolly.spi.StoreConfig;
import io.prolly.spi.StoreStats;
import io.prolly.spi.support.AbstractNodeStore;
import io.prolly.spi.support.Changes;
import io.prolly.spi.support.Snapshot;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A node store in PostgreSQL tables ({@link StoreSchema}). Transactions stage their writes in
 * memory (so they read their own writes) over a {@link JdbcSnapshot}, and {@link CommitWriter}
 * applies them at commit in one database transaction. Commits are not serialised here: the
 * database orders them, also against other processes. Thread-safe.
 */
final class JdbcNodeStore extends AbstractNodeStore {

  /**
   * How long {@code VACUUM FULL} waits for the lock on a table. A write transaction that read a
   * table before the rewrite asked for its lock keeps its read lock until it ends, and its commit
   * waits behind the rewrite's request: each waits for the other, through this process or another
   * one, where the database sees no deadlock. Giving up is what ends it.
   */
  static final long FULL_VACUUM_LOCK_WAIT_MILLIS = 10_000;

  private final Connections connections;
  private final StoreSchema schema;
  private final Retrier retrier;
  private final CommitWriter writer;
  private final String name;
  private final JdbcVacuum vacuum;
  private final Set<JdbcSnapshot> openSnapshots = ConcurrentHashMap.newKeySet();

  private JdbcNodeStore(StoreConfig config, JdbcSettings settings, Connections connections, StoreSchema schema) {
    super(config);
    this.connections = connections;
    this.schema = schema;
    this.name = config.redacted();
    this.retrier = new Retrier(settings.retries(), name);
    this.writer = new CommitWriter(connections, schema, retrier, name, settings.durability());
    this.vacuum = settings.vacuum();
  }

  /** Creates or checks the tables, then returns the store; closes the connections if that fails. */
  static JdbcNodeStore open(StoreConfig config, JdbcSettings settings, Connections connections) {
    try {
      StoreSchema schema = new StoreSchema(settings);
      String name = config.redacted();
      Retrier retrier = new Retrier(settings.retries(), name);
      retrier.run("create or check the tables", () -> {
        try (Connection connection = connections.forCommit()) {
          schema.createOrCheck(connection, name);
        }
        return null;
      });
      return new JdbcNodeStore(config, settings, connections, schema);
    } catch (RuntimeException e) {
      connections.close();
      throw e;
    }
  }

  @Override
  protected Snapshot openSnapshot() {
    return JdbcSnapshot.open(connections, schema, retrier, name, openSnapshots);
  }

  @Override
  protected void apply(Changes changes) {
    writer.apply(changes);
  }

  @Override
  protected StoreStats computeStats() {
    // One statement sees one snapshot, so the figures agree with each other at any isolation level.
    String sql = "SELECT (SELECT count(*) FROM " + schema.nodes + "),"
        + " (SELECT coalesce(sum(octet_length(data)), 0) FROM " + schema.nodes + "),"
        + " (SELECT count(*) FROM " + schema.refs + "),"
        + " pg_total_relation_size(to_regclass(?)) + pg_total_relation_size(to_regclass(?))";
    return retrier.run("compute figures", () -> {
      try (Connection connection = connections.forCommit();
          PreparedStatement statement = connection.prepareStatement(sql)) {
        statement.setString(1, schema.nodes);
        statement.setString(2, schema.refs);
        try (ResultSet rows = statement.executeQuery()) {
          rows.next();
          StoreStats stats = StoreStats.of(rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getLong(4));
          connection.rollback();
          return stats;
        }
      }
    });
  }

  /**
   * Vacuums the node and ref tables as the {@code vacuum} option says ({@link JdbcVacuum}). A
   * plain {@code VACUUM} makes the space of deleted nodes reusable by later commits and gives
   * empty pages at the end of the tables back to the file system, without a lock that stops reads
   * or commits. {@code VACUUM FULL} rewrites the tables to their live rows under an exclusive lock
   * that every reader and committer waits for. When the calling thread holds a transaction of this
   * store that has read the tables, the rewrite would wait for that transaction forever, so the
   * plain {@code VACUUM} runs instead.
   *
   * @throws JdbcStoreException with SQL state {@code 55P03} if {@code VACUUM FULL} waited
   *     {@link #FULL_VACUUM_LOCK_WAIT_MILLIS} for a table's lock; nothing changed then
   */
  @Override
  protected void compactStorage() {
    boolean full = vacuum == JdbcVacuum.FULL && !holdsTableLocks(Thread.currentThread());
    String sql = (full ? "VACUUM FULL " : "VACUUM ") + schema.nodes + ", " + schema.refs;
    retrier.run(full ? "vacuum the tables in full" : "vacuum the tables", () -> {
      try (Connection connection = connections.forCommit(); Statement statement = connection.createStatement()) {
        // VACUUM refuses to run inside a transaction block.
        connection.setAutoCommit(true);
        try {
          if (full) {
            vacuumFull(statement, sql);
          } else {
            statement.execute(sql);
          }
        } finally {
          connection.setAutoCommit(false);
        }
      }
      return null;
    });
  }

  private void vacuumFull(Statement statement, String sql) throws SQLException {
    statement.execute("SET lock_timeout = " + FULL_VACUUM_LOCK_WAIT_MILLIS);
    try {
      statement.execute(sql);
    } catch (SQLException e) {
      if (!"55P03".equals(e.getSQLState())) {
        throw e;
      }
      throw new JdbcStoreException("VACUUM FULL of the tables of store '" + name + "' waited "
          + FULL_VACUUM_LOCK_WAIT_MILLIS / 1000 + " s for a table's lock and gave up (" + SqlFailures.describe(e)
          + "); no data changed. Transactions of this or other processes held the tables, and a write transaction "
          + "that read a table before VACUUM FULL asked for it cannot commit until VACUUM FULL gives up. Compact "
          + "again when no transactions run (a maintenance window), or keep the default vacuum=plain", e);
    } finally {
      statement.execute("RESET lock_timeout");
    }
  }

  private boolean holdsTableLocks(Thread thread) {
    return openSnapshots.stream().anyMatch(snapshot -> snapshot.holdsTableLocks(thread));
  }

  @Override
  protected void closeStorage() {
    connections.close();
  }
}

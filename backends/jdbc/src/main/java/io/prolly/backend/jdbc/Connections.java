package io.prolly.backend.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * Where a store gets its connections: one source for snapshots and one for commits. A snapshot
 * holds its connection for as long as its transaction is open, and a write transaction holds a
 * snapshot while it commits on a second connection; two pools keep commits from waiting behind
 * open snapshots, so a full read pool can never block the commit that would release it.
 * Thread-safe.
 */
final class Connections implements AutoCloseable {

  private final DataSource reads;
  private final DataSource commits;
  private final List<HikariDataSource> owned;

  private Connections(DataSource reads, DataSource commits, List<HikariDataSource> owned) {
    this.reads = reads;
    this.commits = commits;
    this.owned = owned;
  }

  /** Two HikariCP pools on the settings' URL, closed with the store. */
  static Connections pooled(JdbcSettings settings, String store) {
    HikariDataSource reads = pool(settings, store, "reads");
    try {
      HikariDataSource commits = pool(settings, store, "commits");
      return new Connections(reads, commits, List.of(reads, commits));
    } catch (RuntimeException e) {
      reads.close();
      throw e;
    }
  }

  /** The application's data source, for both roles; never closed by the store. */
  static Connections borrowed(DataSource dataSource) {
    return new Connections(dataSource, dataSource, List.of());
  }

  /** A connection outside autocommit, for one snapshot; the caller closes it. */
  Connection forSnapshot() throws SQLException {
    return prepare(reads.getConnection());
  }

  /** A connection outside autocommit, for one commit or one short read; the caller closes it. */
  Connection forCommit() throws SQLException {
    return prepare(commits.getConnection());
  }

  /** Closes the pools this store created; a borrowed data source stays open. */
  @Override
  public void close() {
    owned.forEach(HikariDataSource::close);
  }

  private static Connection prepare(Connection connection) throws SQLException {
    try {
      if (connection.getAutoCommit()) {
        connection.setAutoCommit(false);
      }
      return connection;
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
  }

  private static HikariDataSource pool(JdbcSettings settings, String store, String role) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("prolly-jdbc-" + role);
    config.setDriverClassName("org.postgresql.Driver");
    config.setJdbcUrl(settings.jdbcUrl());
    if (settings.user() != null) {
      config.setUsername(settings.user());
    }
    if (settings.password() != null) {
      config.setPassword(settings.password());
    }
    config.setMaximumPoolSize(settings.poolSize());
    // One connection stays open: the one Hikari makes at start to check the server is then used
    // (with none, it is closed at once and the first transaction connects again). More are made
    // on demand, so an idle store holds two server slots.
    config.setMinimumIdle(1);
    config.setAutoCommit(false);
    // One multi-row INSERT per batch instead of one statement per node.
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    try {
      return new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SQLException) {
        throw new JdbcStoreException("cannot connect to the database of store '" + store + "': "
            + SqlFailures.describe((SQLException) cause) + "; check the URL, the user and that the server is up",
            (SQLException) cause);
      }
      throw new JdbcStoreException("cannot connect to the database of store '" + store + "': " + e.getMessage(), null);
    }
  }
}

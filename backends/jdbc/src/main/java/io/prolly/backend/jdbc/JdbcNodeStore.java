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

/**
 * A node store in PostgreSQL tables ({@link StoreSchema}). Transactions stage their writes in
 * memory (so they read their own writes) over a {@link JdbcSnapshot}, and {@link CommitWriter}
 * applies them at commit in one database transaction. Commits are not serialised here: the
 * database orders them, also against other processes. Thread-safe.
 */
final class JdbcNodeStore extends AbstractNodeStore {

  private final Connections connections;
  private final StoreSchema schema;
  private final Retrier retrier;
  private final CommitWriter writer;
  private final String name;

  private JdbcNodeStore(StoreConfig config, JdbcSettings settings, Connections connections, StoreSchema schema) {
    super(config);
    this.connections = connections;
    this.schema = schema;
    this.name = config.redacted();
    this.retrier = new Retrier(settings.retries(), name);
    this.writer = new CommitWriter(connections, schema, retrier, name, settings.durability());
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
    return JdbcSnapshot.open(connections, schema, retrier, name);
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
   * Runs a plain {@code VACUUM} of the tables: the space of deleted nodes becomes reusable by
   * later commits and empty pages at the end of the tables go back to the file system. It takes
   * no lock that stops reads or commits. Shrinking the tables to their live rows needs
   * {@code VACUUM FULL}, which locks them exclusively while it rewrites them, so it is left to the
   * database's operator.
   */
  @Override
  protected void compactStorage() {
    retrier.run("vacuum the tables", () -> {
      try (Connection connection = connections.forCommit(); Statement statement = connection.createStatement()) {
        // VACUUM refuses to run inside a transaction block.
        connection.setAutoCommit(true);
        try {
          statement.execute("VACUUM " + schema.nodes + ", " + schema.refs);
        } finally {
          connection.setAutoCommit(false);
        }
      }
      return null;
    });
  }

  @Override
  protected void closeStorage() {
    connections.close();
  }
}

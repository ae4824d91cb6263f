package io.prolly.backend.jdbc;

import io.prolly.error.ProllyException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jspecify.annotations.Nullable;

/**
 * The store's tables, created on first open, and the schema version that guards them.
 *
 * <pre>
 * prolly_schema (version integer)                            -- one row: the layout's version
 * prolly_nodes  (hash bytea primary key, data bytea)         -- immutable, content-addressed
 * prolly_refs   (name text collate "C" primary key, hash bytea)
 * </pre>
 *
 * <p>Ref names sort by code point ({@code "C"} collation) so a prefix listing is one index range.
 */
final class StoreSchema {

  /** The layout this version of Prolly writes and understands. */
  static final int VERSION = 1;

  private final JdbcSettings settings;
  final String nodes;
  final String refs;
  private final String versions;

  StoreSchema(JdbcSettings settings) {
    this.settings = settings;
    this.nodes = settings.table("prolly_nodes");
    this.refs = settings.table("prolly_refs");
    this.versions = settings.table("prolly_schema");
  }

  /**
   * Creates what is missing and checks the version, in one transaction. Processes opening the
   * same store at once take turns on an advisory lock, since concurrent {@code CREATE ... IF NOT
   * EXISTS} statements can still collide in PostgreSQL's catalog.
   *
   * @throws ProllyException if the tables were made by a newer version of Prolly
   */
  void createOrCheck(Connection connection, String store) throws SQLException {
    Integer existing = existingVersion(connection);
    if (existing != null && existing > 0) {
      check(existing, connection, store);
      connection.rollback();
      return;
    }
    try (Statement statement = connection.createStatement()) {
      try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
        lock.setString(1, "prolly-schema:" + (settings.schema() == null ? "" : settings.schema()));
        lock.execute();
      }
      if (settings.schema() != null) {
        statement.execute("CREATE SCHEMA IF NOT EXISTS " + settings.schema());
      }
      statement.execute("CREATE TABLE IF NOT EXISTS " + versions + " (version integer NOT NULL)");
      statement.execute("CREATE TABLE IF NOT EXISTS " + nodes + " (hash bytea PRIMARY KEY, data bytea NOT NULL)");
      statement.execute("CREATE TABLE IF NOT EXISTS " + refs
          + " (name text COLLATE \"C\" PRIMARY KEY, hash bytea NOT NULL)");
      int found;
      try (ResultSet rows = statement.executeQuery("SELECT max(version) FROM " + versions)) {
        rows.next();
        found = rows.getInt(1);
      }
      if (found == 0) {
        statement.execute("INSERT INTO " + versions + " (version) VALUES (" + VERSION + ")");
      } else {
        check(found, connection, store);
      }
    }
    connection.commit();
  }

  /**
   * Reads the version of existing tables without taking any lock, the common case of every open
   * after the first.
   *
   * @return the version, 0 if the table is empty, or null if the tables do not exist yet
   */
  private @Nullable Integer existingVersion(Connection connection) throws SQLException {
    try (PreparedStatement exists = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      exists.setString(1, versions);
      try (ResultSet rows = exists.executeQuery()) {
        rows.next();
        if (!rows.getBoolean(1)) {
          return null;
        }
      }
    }
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT max(version) FROM " + versions)) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private static void check(int found, Connection connection, String store) throws SQLException {
    if (found > VERSION) {
      connection.rollback();
      throw new ProllyException("store '" + store + "' has schema version " + found + ", written by a newer"
          + " Prolly; this one understands version " + VERSION + ". Upgrade Prolly (prolly-backend-jdbc) to open it");
    }
  }
}

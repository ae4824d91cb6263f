package io.prolly.backend.jdbc;

import io.prolly.error.ProllyException;
import io.prolly.spi.BackendProvider;
import io.prolly.spi.NodeStore;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.StoreOption;
import io.prolly.spi.support.Arguments;
import java.util.List;
import javax.sql.DataSource;

/**
 * Opens {@code jdbc:} stores: a repository in a PostgreSQL database that several processes share,
 * for example {@code jdbc:postgresql://db.example.com:5432/app?user=app&password=secret&schema=prolly}.
 * The location is the PostgreSQL JDBC URL without its {@code jdbc:} prefix and without driver
 * parameters (whatever follows {@code ?} is read as Prolly's options); for driver settings such as
 * TLS, or a password holding {@code &}, configure a {@link DataSource} and use
 * {@link #open(DataSource, StoreConfig)}.
 *
 * <p>The store creates its tables on first open and serves any number of processes at once: a
 * commit is one database transaction whose ref compare-and-set is checked by the database under
 * row locks, so two processes never both move a ref from the same value. Read transactions are
 * {@code REPEATABLE READ} snapshots. Durability maps to PostgreSQL's {@code synchronous_commit}:
 * {@code immediate} is {@code on}, {@code eventual} and {@code none} are {@code off} (a crash of
 * the database server may lose the latest commits, never part of one). See
 * {@code docs/backend-jdbc.md}.
 *
 * <p>Registered for {@link java.util.ServiceLoader}; thread-safe and stateless.
 */
public final class JdbcBackendProvider implements BackendProvider {

  /** The database user; empty lets the driver decide (for example from {@code PGUSER}). */
  public static final StoreOption<String> USER = StoreOption.ofString("user", "", "the database user");

  /** The database password; empty for none or a password file ({@code .pgpass}). */
  public static final StoreOption<String> PASSWORD = StoreOption.ofString(
      "password", "", "the database password; prefer a .pgpass file or a DataSource");

  /** The schema that holds the store's tables, created if absent; empty for the current schema. */
  public static final StoreOption<String> SCHEMA = StoreOption.ofString(
      "schema", "", "the database schema of the store's tables, created if absent; default: the current schema");

  /** The largest number of connections of each of the store's two pools (reads, commits). */
  public static final StoreOption<Long> POOL_SIZE = StoreOption.ofLong(
      "poolSize", 10, "connections per pool; the store has one pool for reads and one for commits; default 10");

  /** How many times a transient failure (lost connection, deadlock) is retried before giving up. */
  public static final StoreOption<Long> RETRIES = StoreOption.ofLong(
      "retries", 5, "retries of a read or commit after a transient database failure; default 5");

  /**
   * What {@code compact()} runs on the tables: {@code plain} (the default) makes the space of deleted
   * nodes reusable without stopping anyone; {@code full} shrinks the tables to their live rows
   * under an exclusive lock that makes every read and commit wait meanwhile ({@link JdbcVacuum}).
   */
  public static final StoreOption<JdbcVacuum> VACUUM = StoreOption.ofEnum("vacuum", JdbcVacuum.class,
      JdbcVacuum.PLAIN, "what compact() runs: plain (VACUUM: space becomes reusable, no lock that stops reads or "
          + "commits) or full (VACUUM FULL: the tables shrink, every read and commit waits meanwhile); default plain");

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public JdbcBackendProvider() {}

  @Override
  public String scheme() {
    return "jdbc";
  }

  @Override
  public String description() {
    return "PostgreSQL database shared by several processes (artifact io.prolly:prolly-backend-jdbc)";
  }

  @Override
  public List<StoreOption<?>> options() {
    return List.of(USER, PASSWORD, SCHEMA, POOL_SIZE, RETRIES, VACUUM);
  }

  /**
   * Connects to the database, creating the store's tables if they are missing.
   *
   * @throws IllegalArgumentException if the location is not a PostgreSQL URL or an option is bad
   * @throws JdbcStoreException if the database cannot be reached or refuses to create the tables
   * @throws io.prolly.error.ProllyException if the tables were made by a newer version of Prolly
   */
  @Override
  public NodeStore open(StoreConfig config) {
    Arguments.notNull(config, "config");
    checkScheme(config);
    JdbcSettings settings = JdbcSettings.of(config);
    return JdbcNodeStore.open(config, settings, Connections.pooled(settings, config.redacted()));
  }

  /**
   * Opens a store on connections of a data source the application configured, for example a
   * connection pool it already has. The store never closes the data source. Wrap the result with
   * {@code Prolly.over(store)} to get a repository. Every open transaction holds one connection
   * and a commit takes one more, so a pool needs at least twice as many connections as threads
   * that write at once.
   *
   * @param dataSource connections to a PostgreSQL database; used by many threads at once
   * @param config the scheme {@code jdbc}, a location used only in messages (such as
   *     {@code postgresql://db/app}), and the options {@code schema}, {@code retries},
   *     {@code vacuum} and {@code durability}
   * @return the open store, which the caller must close
   * @throws IllegalArgumentException if the scheme is not {@code jdbc} or an option is bad
   * @throws JdbcStoreException if the database refuses to create the tables
   * @throws io.prolly.error.ProllyException if the tables were made by a newer version of Prolly
   */
  public static NodeStore open(DataSource dataSource, StoreConfig config) {
    if (dataSource == null) {
      throw new IllegalArgumentException("data source is null");
    }
    checkScheme(config);
    return JdbcNodeStore.open(config, JdbcSettings.forDataSource(config), Connections.borrowed(dataSource));
  }

  private static void checkScheme(StoreConfig config) {
    if (!config.scheme().equals("jdbc")) {
      throw new IllegalArgumentException(
          "the jdbc backend opens 'jdbc:' stores, not '" + config.redacted() + "'");
    }
  }
}

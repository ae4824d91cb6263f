package io.prolly.backend.jdbc;

import io.prolly.spi.Durability;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.StoreOption;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a {@code jdbc:} store, read and checked from its configuration.
 *
 * @param jdbcUrl the driver URL, {@code jdbc:postgresql://...}, without Prolly's options
 * @param user the database user, or null to let the driver decide
 * @param password the password, or null
 * @param schema the database schema that holds the tables, or null for the connection's
 *     current schema
 * @param poolSize the largest number of connections of each of the store's two pools
 * @param retries how often a transient failure is retried
 * @param durability when a commit is on stable storage
 * @param vacuum what {@code compact()} runs on the tables
 */
record JdbcSettings(
    String jdbcUrl, @Nullable String user, @Nullable String password, @Nullable String schema, int poolSize,
    int retries, Durability durability, JdbcVacuum vacuum) {

  /** Unquoted PostgreSQL identifiers, short enough not to be truncated. */
  private static final String SCHEMA_PATTERN = "[a-z_][a-z0-9_]{0,62}";

  static JdbcSettings of(StoreConfig config) {
    String location = config.location();
    if (!location.startsWith("postgresql:")) {
      throw new IllegalArgumentException("the jdbc backend needs a PostgreSQL URL such as "
          + "'jdbc:postgresql://db.example.com:5432/app?user=app&schema=prolly', not '" + config.redacted() + "'");
    }
    return new JdbcSettings("jdbc:" + location, text(config, JdbcBackendProvider.USER),
        text(config, JdbcBackendProvider.PASSWORD), schema(config), poolSize(config), retries(config),
        config.durability(), config.get(JdbcBackendProvider.VACUUM));
  }

  /** Settings for a data source the application passes; the URL is only used in messages. */
  static JdbcSettings forDataSource(StoreConfig config) {
    return new JdbcSettings("jdbc:" + config.location(), null, null, schema(config), poolSize(config),
        retries(config), config.durability(), config.get(JdbcBackendProvider.VACUUM));
  }

  /** The qualified name of one of the store's tables. */
  String table(String name) {
    return schema == null ? name : schema + "." + name;
  }

  private static @Nullable String text(StoreConfig config, StoreOption<String> option) {
    String value = config.get(option);
    return value.isEmpty() ? null : value;
  }

  private static @Nullable String schema(StoreConfig config) {
    String schema = config.get(JdbcBackendProvider.SCHEMA);
    if (schema.isEmpty()) {
      return null;
    }
    if (!schema.matches(SCHEMA_PATTERN)) {
      throw new IllegalArgumentException("schema '" + schema + "' in '" + config.redacted()
          + "' must be a lowercase SQL name: letters, digits and '_', not starting with a digit, at most 63");
    }
    return schema;
  }

  private static int poolSize(StoreConfig config) {
    long size = config.get(JdbcBackendProvider.POOL_SIZE);
    if (size < 1 || size > 1_000) {
      throw new IllegalArgumentException(
          "poolSize " + size + " in '" + config.redacted() + "' must be between 1 and 1000");
    }
    return (int) size;
  }

  private static int retries(StoreConfig config) {
    long retries = config.get(JdbcBackendProvider.RETRIES);
    if (retries < 0 || retries > 100) {
      throw new IllegalArgumentException(
          "retries " + retries + " in '" + config.redacted() + "' must be between 0 and 100");
    }
    return (int) retries;
  }
}

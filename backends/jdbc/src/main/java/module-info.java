/** Prolly's JDBC storage backend (scheme {@code jdbc}): a PostgreSQL server shared by many processes. */
module io.prolly.backend.jdbc {
  requires io.prolly.api;
  requires java.sql;
  requires com.zaxxer.hikari;

  exports io.prolly.backend.jdbc;

  provides io.prolly.spi.BackendProvider with io.prolly.backend.jdbc.JdbcBackendProvider;
}

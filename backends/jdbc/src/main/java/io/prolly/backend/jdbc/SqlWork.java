package io.prolly.backend.jdbc;

import java.sql.SQLException;

/** A piece of database work that {@link Retrier} may run more than once. */
@FunctionalInterface
interface SqlWork<T> {
  T run() throws SQLException;
}

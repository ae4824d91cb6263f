package io.prolly.backend.jdbc;

import io.prolly.tck.CrashSafetyContract;

/**
 * The application process killed mid-commit: the database survives it, and the commit the killed
 * client was sending is either whole or absent, since PostgreSQL rolls back the transaction of a
 * connection that drops before {@code COMMIT}. Public: the writer JVM creates it by name, and
 * finds the server of this JVM through {@link io.prolly.backend.jdbc.testing.TestPostgres}.
 */
public class JdbcCrashSafetyTest extends CrashSafetyContract implements JdbcFixture {
  /** Creates the fixture; also called by the child process, by class name. */
  public JdbcCrashSafetyTest() {}
}

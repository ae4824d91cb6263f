package io.prolly.backend.jdbc;

import io.prolly.backend.jdbc.testing.TestPostgres;
import io.prolly.tck.CrashSafetyContract;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The application process killed mid-commit: the database survives it, and the commit the killed
 * client was sending is either whole or absent, since PostgreSQL rolls back the transaction of a
 * connection that drops before {@code COMMIT}. The server may still be finishing a {@code COMMIT}
 * the client sent just before it died, so each check waits until no session holds a write
 * transaction any more. Public: the writer JVM creates it by name, and
 * finds the server of this JVM through {@link io.prolly.backend.jdbc.testing.TestPostgres}.
 */
public class JdbcCrashSafetyTest extends CrashSafetyContract implements JdbcFixture {

  private static final long SETTLE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(60);

  /** Creates the fixture; also called by the child process, by class name. */
  public JdbcCrashSafetyTest() {}

  /** Starts the server in this JVM before the first writer JVM looks for it; else that one would start its own. */
  @BeforeContainer
  static void startTheServerHere() {
    TestPostgres.shared();
  }

  /** Waits until no session of the server holds a write transaction: the killed writer's has ended. */
  @Override
  protected void awaitKilledWriterSettled() throws InterruptedException {
    long start = System.nanoTime();
    try (Connection admin = TestPostgres.shared().connect();
        PreparedStatement writing = admin.prepareStatement("SELECT count(*) FROM pg_stat_activity"
            + " WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()")) {
      while (true) {
        try (ResultSet rows = writing.executeQuery()) {
          rows.next();
          if (rows.getLong(1) == 0) {
            return;
          }
        }
        if (System.nanoTime() - start > SETTLE_LIMIT_NANOS) {
          throw new AssertionError("the killed writer's transaction was still open on the server after a minute");
        }
        Thread.sleep(10);
      }
    } catch (SQLException e) {
      throw new AssertionError("cannot ask the server whether the killed writer's transaction ended", e);
    }
  }
}

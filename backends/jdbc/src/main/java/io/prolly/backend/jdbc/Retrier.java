package io.prolly.backend.jdbc;

import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Runs database work again, with exponential backoff and jitter, when it fails for a transient
 * reason ({@link SqlFailures#isTransient}). Only whole units of work that are safe to repeat are
 * given to it: a read on a new snapshot, or a commit that did not reach {@code COMMIT}.
 * Thread-safe.
 */
final class Retrier {

  private static final System.Logger LOG = System.getLogger(Retrier.class.getName());
  private static final long FIRST_PAUSE_MILLIS = 20;
  private static final long LONGEST_PAUSE_MILLIS = 2_000;

  private final int retries;
  private final String store;

  Retrier(int retries, String store) {
    this.retries = retries;
    this.store = store;
  }

  /**
   * Runs the work, retrying transient failures up to the configured number of times.
   *
   * @throws JdbcStoreException when the work fails for another reason or keeps failing
   */
  <T> T run(String operation, SqlWork<T> work) {
    for (int attempt = 0; ; attempt++) {
      try {
        return work.run();
      } catch (SQLException e) {
        if (!SqlFailures.isTransient(e) || attempt >= retries) {
          throw SqlFailures.wrap(operation, store, e);
        }
        LOG.log(Level.DEBUG, () -> "retrying to " + operation + " in '" + store + "' after "
            + SqlFailures.describe(e));
        pause(attempt, operation, e);
      }
    }
  }

  private void pause(int attempt, String operation, SQLException cause) {
    long ceiling = Math.min(LONGEST_PAUSE_MILLIS, FIRST_PAUSE_MILLIS << Math.min(attempt, 16));
    try {
      TimeUnit.MILLISECONDS.sleep(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JdbcStoreException("interrupted while waiting to retry to " + operation + " in store '" + store
          + "' after " + SqlFailures.describe(cause), cause);
    }
  }
}

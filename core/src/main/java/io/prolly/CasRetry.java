package io.prolly;

import io.prolly.error.ConcurrencyException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Retries an operation that ends in a ref compare-and-set while other writers win the race,
 * with randomised exponential back-off so that racing writers spread out.
 */
final class CasRetry {

  /** How often an operation is tried before the ref is declared too busy. */
  static final int MAX_ATTEMPTS = 100;

  private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private CasRetry() {}

  /**
   * Runs {@code attempt} (given the attempt number, from 1) until it does not throw
   * {@link ConcurrencyException}.
   *
   * @param what what is being done, for the message, such as {@code "commit to branch 'main'"}
   * @throws ConcurrencyException if every attempt lost the race
   */
  static <T> T run(String what, IntFunction<T> attempt) {
    for (int number = 1; ; number++) {
      try {
        return attempt.apply(number);
      } catch (ConcurrencyException lostRace) {
        if (number == MAX_ATTEMPTS) {
          ConcurrencyException busy = new ConcurrencyException(what + " lost the race to other writers "
              + MAX_ATTEMPTS + " times in a row; nothing was written. Try again later, or write larger batches "
              + "less often");
          busy.addSuppressed(lostRace);
          throw busy;
        }
        long ceiling = Math.min(MAX_BACKOFF_NANOS, TimeUnit.MICROSECONDS.toNanos(50L << Math.min(number, 16)));
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
      }
    }
  }
}

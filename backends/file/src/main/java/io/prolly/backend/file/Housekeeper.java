package io.prolly.backend.file;

import java.lang.System.Logger.Level;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread per store that, once a second, asks the store to sync commits written with
 * {@code durability=eventual} and to compact the file when its fill rate is low. MVStore's own
 * background thread cannot do this: it also commits, which would persist half of a transaction.
 */
final class Housekeeper {

  private static final System.Logger LOG = System.getLogger(Housekeeper.class.getName());
  private static final long PERIOD_MILLIS = 1000;

  private final ScheduledExecutorService thread;

  /**
   * Starts the thread.
   *
   * @param name the thread's name
   * @param task what to run once a second; its failures are logged, not thrown
   */
  Housekeeper(String name, Runnable task) {
    this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread t = new Thread(runnable, name);
      t.setDaemon(true);
      return t;
    });
    thread.scheduleWithFixedDelay(() -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, name + ": housekeeping failed; it is tried again in a second", e);
      }
    }, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Stops the thread and waits for a run in progress to end. */
  void stop() {
    // Not shutdownNow(): an interrupt during FileChannel.force() would close MVStore's channel.
    thread.shutdown();
    try {
      thread.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

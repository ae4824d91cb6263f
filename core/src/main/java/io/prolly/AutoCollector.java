package io.prolly;

import io.prolly.error.ProllyException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Collects garbage in the background when the repository's node bytes pass a high-water mark:
 * applies every branch's {@link Retention}, then collects, aiming below the low-water mark. Checks
 * at most every {@value #CHECK_INTERVAL_MILLIS} ms after commits; one collection runs at a time,
 * on its own daemon thread, so committers never wait for it (beyond one sweep batch).
 */
final class AutoCollector {

  static final long CHECK_INTERVAL_MILLIS = 100;

  private static final System.Logger LOG = System.getLogger(AutoCollector.class.getName());

  private final Maintenance maintenance;
  private final AtomicBoolean running = new AtomicBoolean();
  private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
    Thread daemon = new Thread(runnable, "prolly-auto-gc");
    daemon.setDaemon(true);
    return daemon;
  });
  private volatile long highWater;
  private volatile long lowWater;
  private volatile long nextCheck;

  AutoCollector(Maintenance maintenance) {
    this.maintenance = maintenance;
  }

  void configure(long high, long low) {
    this.highWater = high;
    this.lowWater = low;
    this.nextCheck = 0;
  }

  /** Called after every repository commit; cheap unless a check is due. */
  void afterCommit() {
    long now = System.nanoTime();
    if (highWater == 0 || running.get() || now - nextCheck < 0) {
      return;
    }
    nextCheck = now + TimeUnit.MILLISECONDS.toNanos(CHECK_INTERVAL_MILLIS);
    if (maintenance.stats().nodeBytes() > highWater && running.compareAndSet(false, true)) {
      thread.execute(this::collect);
    }
  }

  private void collect() {
    try {
      maintenance.maintain();
      long bytes = maintenance.stats().nodeBytes();
      if (bytes > lowWater) {
        LOG.log(System.Logger.Level.WARNING, "after collecting, the repository still holds " + bytes
            + " bytes of nodes, above the low-water mark of " + lowWater + "; keep less history (setRetention)"
            + " or raise the marks");
      }
    } catch (ProllyException e) {
      LOG.log(System.Logger.Level.WARNING, "automatic garbage collection failed", e);
    } finally {
      running.set(false);
    }
  }

  /** Waits until no collection runs; for tests. */
  void awaitIdle() throws InterruptedException {
    while (running.get()) {
      Thread.sleep(5);
    }
  }

  void close() {
    thread.shutdownNow();
  }
}

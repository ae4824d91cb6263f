package io.prolly.server;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads of one server, all daemons: the workers that run exchanges, the clock that cuts
 * requests past their time, and the threads that send the late answers of {@code wait} requests.
 */
final class ServerThreads {

  /** Workers beyond {@link ServerLimits#threads} that only answer 503 while every permit is taken. */
  private static final int REFUSING_WORKERS = 2;

  /** Runs the exchanges of the JDK server. */
  final ExecutorService workers;
  /** Runs the request clocks. */
  final ScheduledThreadPoolExecutor timer;
  /** Sends the answers of wait requests, which come after their worker returned. */
  final ExecutorService replies;

  ServerThreads(int threads) {
    this.timer = new ScheduledThreadPoolExecutor(1, daemons("prolly-server-clock"));
    timer.setRemoveOnCancelPolicy(true);
    // As many threads as workers: a flood of waits answered at once queues here instead of starting a thread each.
    ThreadPoolExecutor replying = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), daemons("prolly-server-replies"));
    replying.allowCoreThreadTimeOut(true);
    this.replies = replying;
    this.workers = Executors.newFixedThreadPool(threads + REFUSING_WORKERS, daemons("prolly-server"));
  }

  /**
   * Lets the workers and repliers finish what they run, waiting up to 30 seconds for the workers,
   * then stops the clock. Never interrupts a worker: an interrupt during a read closes a file
   * store's channel for good, and the repositories outlive the server.
   */
  void shutdown() {
    workers.shutdown();
    replies.shutdown();
    try {
      workers.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timer.shutdownNow();
  }

  private static ThreadFactory daemons(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}

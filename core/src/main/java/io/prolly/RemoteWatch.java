package io.prolly;

import io.prolly.commit.RefNames;
import io.prolly.error.RemoteException;
import io.prolly.spi.Hash;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A watch of a remote branch ({@link Remote#watch}): a daemon thread that asks {@code wait} again
 * and again from the head told last, and tells each new head. Failures are retried with a growing
 * pause, so a restarting server costs no move. Thread-safe.
 */
final class RemoteWatch implements Watch {

  /** How long one wait request lasts before the server answers "unchanged" and the client asks again. */
  static final Duration WAIT = Duration.ofSeconds(25);
  private static final long FIRST_PAUSE_MILLIS = 100;
  private static final long LONGEST_PAUSE_MILLIS = 2_000;
  private static final System.Logger LOG = System.getLogger(RemoteWatch.class.getName());

  private final Remote remote;
  private final String branch;
  private final String ref;
  private final Consumer<BranchUpdate> listener;
  private final Thread thread;
  private boolean closed;
  /** The listener runs: its thread is not interrupted then, since the listener may be writing a store. */
  private boolean telling;
  private @Nullable Hash told;

  private RemoteWatch(Remote remote, String branch, @Nullable Hash since, Consumer<BranchUpdate> listener) {
    this.remote = remote;
    this.branch = branch;
    this.ref = RefNames.branchRef(branch);
    this.listener = listener;
    this.told = since;
    this.thread = new Thread(this::run, "prolly-remote-watch-" + branch);
    thread.setDaemon(true);
  }

  static RemoteWatch start(Remote remote, String branch, @Nullable Hash since, Consumer<BranchUpdate> listener) {
    RemoteWatch watch = new RemoteWatch(remote, branch, since, listener);
    watch.thread.start();
    return watch;
  }

  private void run() {
    long pause = FIRST_PAUSE_MILLIS;
    boolean failing = false;
    while (!isClosed()) {
      Hash head;
      try {
        head = remote.awaitMove(ref, told, WAIT);
      } catch (RemoteException e) {
        if (isClosed()) {
          return;
        }
        if (!failing) {
          LOG.log(System.Logger.Level.WARNING, "watching " + remote + " branch '" + branch + "' failed; retrying from "
              + (told == null ? "absent" : told.toShortHex()) + ": " + e.getMessage());
          failing = true;
        }
        if (!sleep(pause)) {
          return;
        }
        pause = Math.min(LONGEST_PAUSE_MILLIS, pause * 2);
        continue;
      }
      if (failing) {
        LOG.log(System.Logger.Level.INFO, "watching " + remote + " branch '" + branch + "' again");
        failing = false;
      }
      pause = FIRST_PAUSE_MILLIS;
      if (Objects.equals(head, told)) {
        continue;
      }
      BranchUpdate update = new BranchUpdate(branch, told, head);
      told = head;
      synchronized (this) {
        if (closed) {
          return;
        }
        telling = true;
      }
      try {
        listener.accept(update);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "a listener of " + remote + " branch '" + branch + "' failed on "
            + update, e);
      } finally {
        synchronized (this) {
          telling = false;
        }
      }
    }
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  private boolean sleep(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }

  /**
   * Stops watching: a wait under way is cut by interrupting the watch's thread, unless the
   * listener runs, which then finishes undisturbed and is the last call.
   */
  @Override
  public synchronized void close() {
    closed = true;
    if (!telling && Thread.currentThread() != thread) {
      thread.interrupt();
    }
  }
}

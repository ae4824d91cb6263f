package io.prolly.cli;

import io.prolly.BranchUpdate;
import io.prolly.Remote;
import io.prolly.Repository;
import io.prolly.SyncReport;
import io.prolly.Watch;
import io.prolly.error.RemoteException;
import io.prolly.merge.ConflictResolver;
import io.prolly.merge.MergeResult;
import io.prolly.spi.Hash;
import java.io.PrintWriter;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;

/**
 * {@code prolly pull --follow}: keeps a local branch following a remote one, pulling each move the
 * remote watch tells of, one line per update, until the thread is interrupted or Ctrl-C stops the
 * process. Pulls run on the command's thread, one at a time; moves told while one runs are
 * pulled by the next, which fetches the head then.
 */
final class PullFollow {

  private final Repository repository;
  private final Remote remote;
  private final String branch;
  private final ConflictResolver resolver;
  private final PrintWriter out;
  /** The moves told and not pulled yet; {@link #STOP} ends the loop. */
  private final BlockingQueue<BranchUpdate> moves = new LinkedBlockingQueue<>();
  private static final BranchUpdate STOP = new BranchUpdate("(stop)", null, null);

  PullFollow(Repository repository, Remote remote, String branch, ConflictResolver resolver, PrintWriter out) {
    this.repository = repository;
    this.remote = remote;
    this.branch = branch;
    this.resolver = resolver;
    this.out = out;
  }

  /**
   * Follows from {@code since}, the remote head the first pull fetched; returns when interrupted
   * or on Ctrl-C: a shutdown hook asks the loop to stop and waits for a pull under way to end
   * (without interrupting it, which could break a file store's channel), so that the repository is
   * closed as after any command.
   */
  void follow(@Nullable Hash since) {
    Thread command = Thread.currentThread();
    Thread hook = new Thread(() -> {
      moves.add(STOP);
      try {
        command.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "prolly-follow-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      followMoves(since);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running: it waits for this thread to end.
      }
    }
  }

  private void followMoves(@Nullable Hash since) {
    out.printf("Following %s of %s (Ctrl-C stops)%n", branch, remote);
    out.flush();
    try (Watch watch = remote.watch(branch, since, moves::add)) {
      while (true) {
        BranchUpdate latest = moves.take();
        for (BranchUpdate more = moves.poll(); more != null && latest != STOP; more = moves.poll()) {
          latest = more;
        }
        if (latest == STOP) {
          return;
        }
        if (latest.after() == null) {
          out.printf("%s: deleted on the remote; the local branch stays at %s%n", branch, shortId(localHead()));
          out.flush();
          continue;
        }
        Hash before = localHead();
        SyncReport report;
        try {
          report = repository.transfer().pull(remote, branch, resolver);
        } catch (RemoteException e) {
          if (Thread.currentThread().isInterrupted()) {
            return;
          }
          // The watch retries the connection; the next move it tells pulls again, from whatever is here.
          out.printf("%s: pulling %s failed, waiting for the next move: %s%n", branch, shortId(latest.after()),
              e.getMessage());
          out.flush();
          continue;
        }
        // The new head from the report, not read again: nothing touches the store between pulls.
        MergeResult merge = report.merge();
        out.printf("%s %s -> %s: %,d nodes (%,d bytes) in %d ms%s%n", branch, shortId(before),
            shortId(merge == null ? before : merge.commit()), report.nodesTransferred(), report.bytesTransferred(),
            report.duration().toMillis(), merge == null ? "" : ", "
                + merge.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        out.flush();
      }
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
    }
  }

  private @Nullable Hash localHead() {
    return repository.branches().get(branch);
  }

  private static String shortId(@Nullable Hash id) {
    return id == null ? "(none)" : id.toHex().substring(0, 12);
  }
}

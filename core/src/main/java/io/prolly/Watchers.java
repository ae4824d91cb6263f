package io.prolly;

import io.prolly.commit.RefNames;
import io.prolly.spi.Hash;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The listeners of {@link Repository#watch}. Each listener has its own thread, so it sees its
 * branch's updates in commit order and a slow listener never holds up a committer or another
 * listener. Thread-safe.
 */
final class Watchers {

  private static final System.Logger LOG = System.getLogger(Watchers.class.getName());

  private final List<Listener> watches = new CopyOnWriteArrayList<>();

  Watch add(String branch, Consumer<BranchUpdate> listener) {
    Listener watch = new Listener(RefNames.branchRef(branch), branch, listener);
    watches.add(watch);
    return watch;
  }

  /** Called after a transaction that moved refs has committed. */
  void refsMoved(Map<String, Hash[]> moves) {
    for (Listener watch : watches) {
      Hash[] move = moves.get(watch.ref);
      if (move != null) {
        watch.tell(new BranchUpdate(watch.branch, move[0], move[1]));
      }
    }
  }

  void closeAll() {
    watches.forEach(Listener::close);
  }

  private final class Listener implements Watch {
    private final String ref;
    private final String branch;
    private final Consumer<BranchUpdate> listener;
    private final ExecutorService thread;

    Listener(String ref, String branch, Consumer<BranchUpdate> listener) {
      this.ref = ref;
      this.branch = branch;
      this.listener = listener;
      this.thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread daemon = new Thread(runnable, "prolly-watch-" + branch);
        daemon.setDaemon(true);
        return daemon;
      });
    }

    void tell(BranchUpdate update) {
      if (thread.isShutdown()) {
        return;
      }
      try {
        thread.execute(() -> {
          try {
            listener.accept(update);
          } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a listener of branch '" + branch + "' failed on " + update, e);
          }
        });
      } catch (java.util.concurrent.RejectedExecutionException closedMeanwhile) {
        // The watch was closed between the check and the hand-over: nothing to tell.
      }
    }

    @Override
    public void close() {
      watches.remove(this);
      thread.shutdown();
    }

  }
}

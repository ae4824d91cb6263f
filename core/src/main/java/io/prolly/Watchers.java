package io.prolly;

import io.prolly.commit.Commit;
import io.prolly.commit.RefNames;
import io.prolly.error.StoreClosedException;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The listeners of {@link Repository#watch}. A listener remembers the head it last told about.
 * A move made through this repository is told as it was made; a poll of the refs that finds
 * another head than the one told — a move made by another process or another repository on the
 * same store — makes the listener read the head and tell every step from the old head to it.
 * A move both polled and reported, or reported late by concurrent commits, is told once.
 *
 * <p>Each listener has its own thread, so it sees its branch's updates in commit order and a slow
 * listener never holds up a committer or another listener. One shared poller thread per repository
 * reads all branch heads in one read transaction every interval; it runs only while there are
 * listeners. Thread-safe.
 */
final class Watchers {

  /** The poll interval unless set: a commit elsewhere is heard within about this, at one ref scan per interval. */
  static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(200);

  /**
   * How many first parents a move is followed back to find the old head before it is told as one
   * jump: bounds the work of a reset onto an unrelated history.
   */
  static final int MAX_STEPS = 10_000;

  /** Heads each listener remembers having told, to drop moves that concurrent commits report late. */
  private static final int RECENT_HEADS = 256;

  private static final System.Logger LOG = System.getLogger(Watchers.class.getName());

  private final NodeStore store;
  private final List<Listener> watches = new CopyOnWriteArrayList<>();
  private Duration pollInterval = DEFAULT_POLL_INTERVAL;
  private @Nullable ScheduledExecutorService poller;
  private boolean closed;

  Watchers(NodeStore store) {
    this.store = store;
  }

  Watch add(String branch, Consumer<BranchUpdate> listener) {
    String ref = RefNames.branchRef(branch);
    Listener watch = new Listener(ref, branch, listener, head(ref));
    watches.add(watch);
    restartPoller();
    return watch;
  }

  /** Called after a transaction that moved refs has committed. */
  void refsMoved(Map<String, Hash[]> moves) {
    for (Listener watch : watches) {
      Hash[] move = moves.get(watch.ref);
      if (move != null) {
        watch.moved(move[0], move[1]);
      }
    }
  }

  synchronized void setPollInterval(Duration interval) {
    this.pollInterval = interval;
    if (poller != null) {
      poller.shutdown();
      poller = null;
    }
    restartPoller();
  }

  synchronized Duration pollInterval() {
    return pollInterval;
  }

  void closeAll() {
    synchronized (this) {
      closed = true;
    }
    watches.forEach(Listener::close);
    restartPoller();
  }

  /**
   * Runs the poller exactly while there are listeners, polling is on and the repository is open.
   * A poller is stopped with {@code shutdown}, never interrupted: an interrupt during a read would
   * close a file backend's channel for good.
   */
  private synchronized void restartPoller() {
    boolean wanted = !closed && !watches.isEmpty() && !pollInterval.isZero();
    if (poller != null && !wanted) {
      poller.shutdown();
      poller = null;
    }
    if (wanted && poller == null) {
      poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread daemon = new Thread(runnable, "prolly-watch-poller");
        daemon.setDaemon(true);
        return daemon;
      });
      long nanos = pollInterval.toNanos();
      poller.scheduleWithFixedDelay(this::poll, nanos, nanos, TimeUnit.NANOSECONDS);
    }
  }

  private void poll() {
    SortedMap<String, Hash> heads;
    try (ReadTransaction tx = store.beginRead()) {
      heads = tx.refs(RefNames.BRANCHES);
    } catch (StoreClosedException closing) {
      return;
    } catch (RuntimeException e) {
      // A backend that fails now (a database restarting) may answer the next poll: keep polling.
      LOG.log(System.Logger.Level.WARNING, "watching branches: reading the refs failed; trying again", e);
      return;
    }
    for (Listener watch : watches) {
      if (!Objects.equals(heads.get(watch.ref), watch.told)) {
        watch.check();
      }
    }
  }

  private @Nullable Hash head(String ref) {
    try (ReadTransaction tx = store.beginRead()) {
      return tx.ref(ref);
    }
  }

  /**
   * The updates that lead from {@code from} to {@code to}: one per commit when {@code to} reaches
   * {@code from} through first parents, oldest first; otherwise (a reset, a forced move) one
   * update from the one to the other.
   */
  static List<BranchUpdate> steps(ReadTransaction tx, String branch, Hash from, Hash to) {
    List<Hash> chain = new ArrayList<>();
    Hash at = to;
    while (chain.size() < MAX_STEPS) {
      chain.add(at);
      byte[] node = tx.get(at);
      List<Hash> parents = node == null ? List.of() : Commit.decode(at, node).parents();
      if (parents.isEmpty()) {
        break;
      }
      at = parents.get(0);
      if (at.equals(from)) {
        Collections.reverse(chain);
        List<BranchUpdate> updates = new ArrayList<>(chain.size());
        Hash before = from;
        for (Hash commit : chain) {
          updates.add(new BranchUpdate(branch, before, commit));
          before = commit;
        }
        return updates;
      }
    }
    return List.of(new BranchUpdate(branch, from, to));
  }

  private final class Listener implements Watch {
    private final String ref;
    private final String branch;
    private final Consumer<BranchUpdate> listener;
    private final ExecutorService thread;
    /** A check is queued and has not started: more checks until it starts would find nothing new. */
    private final AtomicBoolean checkQueued = new AtomicBoolean();
    /** The head the listener was last told about; written on its thread only. */
    private volatile @Nullable Hash told;
    /** Heads told lately, to know a move reported late; used on the listener's thread only. */
    private final Map<Hash, Boolean> recent = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Hash, Boolean> eldest) {
        return size() > RECENT_HEADS;
      }
    };

    Listener(String ref, String branch, Consumer<BranchUpdate> listener, @Nullable Hash head) {
      this.ref = ref;
      this.branch = branch;
      this.listener = listener;
      this.told = head;
      this.thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread daemon = new Thread(runnable, "prolly-watch-" + branch);
        daemon.setDaemon(true);
        return daemon;
      });
    }

    /** This repository moved the branch: tells the move unless a poll already told it. */
    void moved(@Nullable Hash before, @Nullable Hash after) {
      run(() -> {
        if (Objects.equals(after, told)) {
          return;
        }
        if (!Objects.equals(before, told) && after != null && recent.containsKey(after)) {
          // Concurrent commits can report their moves out of order: this one was told already.
          return;
        }
        tell(after);
      });
    }

    /** The branch may have moved elsewhere: reads its head on the listener's thread and tells what changed. */
    void check() {
      if (checkQueued.compareAndSet(false, true)) {
        run(() -> {
          checkQueued.set(false);
          Hash head;
          try (ReadTransaction tx = store.beginRead()) {
            head = tx.ref(ref);
          }
          if (!Objects.equals(head, told)) {
            tell(head);
          }
        });
      }
    }

    private void run(Runnable task) {
      if (thread.isShutdown()) {
        return;
      }
      try {
        thread.execute(() -> {
          try {
            task.run();
          } catch (StoreClosedException closing) {
            // The repository closes: nothing more to tell.
          } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "watching branch '" + branch + "': reading its history failed; "
                + "the next move or poll tries again", e);
          }
        });
      } catch (RejectedExecutionException closedMeanwhile) {
        // The watch was closed between the check and the hand-over: nothing to tell.
      }
    }

    /** Tells every step from the head told last to {@code head}; on the listener's thread. */
    private void tell(@Nullable Hash head) {
      List<BranchUpdate> updates;
      if (told == null || head == null) {
        updates = List.of(new BranchUpdate(branch, told, head));
      } else {
        try (ReadTransaction tx = store.beginRead()) {
          updates = steps(tx, branch, told, head);
        }
      }
      for (BranchUpdate update : updates) {
        if (thread.isShutdown()) {
          return;
        }
        try {
          listener.accept(update);
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "a listener of branch '" + branch + "' failed on " + update, e);
        }
        if (update.after() != null) {
          recent.put(update.after(), Boolean.TRUE);
        }
      }
      told = head;
    }

    @Override
    public void close() {
      watches.remove(this);
      thread.shutdown();
      restartPoller();
    }
  }
}

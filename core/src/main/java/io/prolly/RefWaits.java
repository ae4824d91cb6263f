package io.prolly;

import io.prolly.commit.RefNames;
import io.prolly.spi.Hash;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The {@code wait} requests of one {@link RemoteEndpoint} (docs/protocol.md, "Watching a branch"):
 * each is answered with the branch's head as soon as it differs from the one the client knows, or
 * when its timeout passes. A waiting request holds no thread: one {@link Repository#watch} per
 * branch that someone waits on (kept {@value #IDLE_WATCH_MILLIS} ms after its last request, for the
 * next) wakes its requests, so moves by other processes on the store are seen too, and one timer
 * thread, started with the first wait, answers those that time out. A watch has a thread of its
 * own, so at most {@value #MAX_BRANCHES} branches are watched at once (idle ones give way), and at
 * most {@link RemoteLimits#maxWaiting()} requests wait; beyond either, 503.
 * Thread-safe.
 */
final class RefWaits {

  /** The most branches waited on at once: each watch has a thread, so that bounds the threads. */
  static final int MAX_BRANCHES = 256;
  /** The longest a request may ask to wait. */
  static final long MAX_TIMEOUT_MILLIS = 60_000;
  /**
   * How long a branch's watch outlives its last waiting request: a client asks again right after
   * each answer, and keeping the watch spares a thread's start and stop per answer.
   */
  static final long IDLE_WATCH_MILLIS = 30_000;

  private final Repository repository;
  private final int maxWaiting;
  private final Map<String, Branch> branches = new HashMap<>();
  private @Nullable ScheduledExecutorService timer;
  private int waiting;
  private boolean closed;

  RefWaits(Repository repository, int maxWaiting) {
    this.repository = repository;
    this.maxWaiting = maxWaiting;
  }

  /** Waits for {@code ref} (a branch ref) to hold another value than {@code since}. */
  CompletableFuture<RemoteEndpoint.Reply> await(String ref, @Nullable Hash since, long timeoutMillis) {
    if (!ref.startsWith(RefNames.BRANCHES)) {
      throw RemoteProtocol.bad("'" + ref + "' is not a branch ref (heads/<branch>); only branches can be waited on");
    }
    Waiter waiter = new Waiter(ref, since);
    Branch evicted = null;
    try {
      synchronized (this) {
        if (closed) {
          return CompletableFuture.completedFuture(RemoteEndpoint.text(503, "the server is stopping; wait again "
              + "once it runs again"));
        }
        if (waiting >= maxWaiting) {
          return CompletableFuture.completedFuture(busy(waiting + " requests wait on this repository already, the "
              + "most it allows"));
        }
        Branch branch = branches.get(ref);
        if (branch == null) {
          if (branches.size() >= MAX_BRANCHES) {
            evicted = branches.values().stream().filter(idle -> idle.idleSince != -1).findFirst().orElse(null);
            if (evicted == null) {
              return CompletableFuture.completedFuture(busy("requests wait on " + branches.size() + " branches of "
                  + "this repository already, the most it watches at once"));
            }
            branches.remove(evicted.ref);
          }
          branch = new Branch(ref);
          branches.put(ref, branch);
        }
        branch.waiters.add(waiter);
        branch.idleSince = -1;
        waiting++;
        waiter.timeout = timer().schedule(() -> answer(waiter), timeoutMillis, TimeUnit.MILLISECONDS);
      }
    } finally {
      if (evicted != null) {
        evicted.watch.close();
      }
    }
    // The branch's watch is registered: a move from now on wakes the waiter; one made before shows here.
    Hash head;
    try {
      head = repository.head(ref);
    } catch (RuntimeException e) {
      remove(waiter);
      throw e;
    }
    if (!Objects.equals(head, since)) {
      answer(waiter);
    }
    return waiter.reply;
  }

  /** Answers every waiting request with 503 and stops watching. */
  void close() {
    List<Waiter> left;
    List<Branch> watched;
    synchronized (this) {
      closed = true;
      left = branches.values().stream().flatMap(branch -> branch.waiters.stream()).toList();
    }
    for (Waiter waiter : left) {
      if (remove(waiter)) {
        waiter.reply.complete(RemoteEndpoint.text(503, "the server is stopping; wait again once it runs again"));
      }
    }
    synchronized (this) {
      watched = List.copyOf(branches.values());
      branches.clear();
      if (timer != null) {
        timer.shutdownNow();
        timer = null;
      }
    }
    watched.forEach(branch -> branch.watch.close());
  }

  private ScheduledExecutorService timer() {
    if (timer == null) {
      timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread daemon = new Thread(runnable, "prolly-remote-waits");
        daemon.setDaemon(true);
        return daemon;
      });
    }
    return timer;
  }

  /** The branch moved: answers the requests that know another head. */
  private void moved(String ref) {
    Hash head = repository.head(ref);
    List<Waiter> stale;
    synchronized (this) {
      Branch branch = branches.get(ref);
      if (branch == null) {
        return;
      }
      stale = branch.waiters.stream().filter(waiter -> !Objects.equals(waiter.since, head)).toList();
    }
    for (Waiter waiter : stale) {
      if (remove(waiter)) {
        waiter.reply.complete(reply(head));
      }
    }
  }

  /** Answers one request with the head now: it moved, or the request timed out. */
  private void answer(Waiter waiter) {
    if (remove(waiter)) {
      try {
        waiter.reply.complete(reply(repository.head(waiter.ref)));
      } catch (RuntimeException e) {
        waiter.reply.complete(RemoteEndpoint.text(503, "the repository cannot be read: " + e.getMessage()));
      }
    }
  }

  /** Takes a waiter out; false if it was answered already. The last one leaves its branch's watch idle. */
  private synchronized boolean remove(Waiter waiter) {
    Branch branch = branches.get(waiter.ref);
    if (branch == null || !branch.waiters.remove(waiter)) {
      return false;
    }
    waiting--;
    if (waiter.timeout != null) {
      waiter.timeout.cancel(false);
    }
    if (branch.waiters.isEmpty() && !closed) {
      long idleSince = System.nanoTime();
      branch.idleSince = idleSince;
      timer().schedule(() -> closeIdle(waiter.ref, idleSince), IDLE_WATCH_MILLIS, TimeUnit.MILLISECONDS);
    }
    return true;
  }

  /** Closes a branch's watch if no request waited on it since it became idle then. */
  private void closeIdle(String ref, long idleSince) {
    Branch idle;
    synchronized (this) {
      idle = branches.get(ref);
      if (idle == null || idle.idleSince != idleSince) {
        return;
      }
      branches.remove(ref);
    }
    idle.watch.close();
  }

  private static RemoteEndpoint.Reply busy(String why) {
    return RemoteEndpoint.text(503, why + "; wait again in a moment", Map.of("Retry-After", List.of("1")));
  }

  private static RemoteEndpoint.Reply reply(@Nullable Hash head) {
    return RemoteEndpoint.binary(out -> out.write((head == null ? RemoteProtocol.ZERO : head).toBytes()));
  }

  /** The requests waiting on one branch, and the watch that wakes them. */
  private final class Branch {
    final String ref;
    final Set<Waiter> waiters = new LinkedHashSet<>();
    final Watch watch;
    /** When the last request left, by {@link System#nanoTime}; -1 while requests wait. */
    long idleSince = -1;

    Branch(String ref) {
      this.ref = ref;
      this.watch = repository.watch(ref.substring(RefNames.BRANCHES.length()), update -> moved(ref));
    }
  }

  private static final class Waiter {
    final String ref;
    final @Nullable Hash since;
    final CompletableFuture<RemoteEndpoint.Reply> reply = new CompletableFuture<>();
    @Nullable ScheduledFuture<?> timeout;

    Waiter(String ref, @Nullable Hash since) {
      this.ref = ref;
      this.since = since;
    }
  }
}

package io.prolly.backend.cassandra;

import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The lease of one open store on the versions its snapshots read: one row of the store's
 * partition ({@code kind} 3, named after this instance), holding a sequence number at or below
 * that of every open snapshot, written with a TTL and renewed in the background while snapshots
 * are open. Compaction removes nothing a live lease still needs, and a snapshot checks after each
 * read that its lease was held without a gap since it began, so it fails with
 * {@link SnapshotLapsedException} instead of reading a hole.
 *
 * <p>A write of the lease at client time {@code t} keeps the row alive on the cluster until at
 * least {@code t + ttl} (less the clock difference between the nodes and the one-second grain of
 * TTLs); the lease counts as held here only until {@code t + ttl/2}, so the two agree while the
 * nodes' clocks differ by less than {@code ttl/2 - 1 s}. A renewal acknowledged after that moment
 * starts a new generation: snapshots of the old one fail from then on, whatever a later write says.
 *
 * <p>A snapshot registers before it reads the state, with a bound no higher than any sequence
 * number this store has seen: every value the lease row ever takes is at most the sequence number
 * of every snapshot open under it. Thread-safe.
 */
final class SnapshotLeases {

  private static final System.Logger LOG = System.getLogger(SnapshotLeases.class.getName());

  /** One daemon thread renews the leases of every store of the process. */
  private static final ScheduledExecutorService RENEWALS = renewals();

  private final NodeReader reader;
  private final String instance = UUID.randomUUID().toString();
  private final int ttlSeconds;
  private final long ttlNanos;
  private final Set<Ticket> open = ConcurrentHashMap.newKeySet();
  /** The highest sequence number this store has seen: every snapshot it opens from now on is at or above. */
  private final AtomicLong known = new AtomicLong();
  private final ScheduledFuture<?> renewal;
  /** Whether a snapshot began since the last renewal: a store at rest lets its lease lapse. */
  private volatile boolean used;
  private volatile boolean renewing = true;
  // Guarded by this.
  private boolean held;
  private long generation;
  private long validUntil;

  SnapshotLeases(NodeReader reader, int ttlSeconds) {
    this.reader = reader;
    this.ttlSeconds = ttlSeconds;
    this.ttlNanos = TimeUnit.SECONDS.toNanos(ttlSeconds);
    long period = Math.max(250, TimeUnit.SECONDS.toMillis(ttlSeconds) / 6);
    this.renewal = RENEWALS.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
  }

  private static ScheduledExecutorService renewals() {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
      Thread thread = new Thread(task, "prolly-cassandra-leases");
      thread.setDaemon(true);
      return thread;
    });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  /** This store's name in the lease rows. */
  String instance() {
    return instance;
  }

  /** Records a sequence number this store saw in a serial read or its own commit. */
  void observed(long seq) {
    known.accumulateAndGet(seq, Math::max);
  }

  /**
   * Registers a snapshot about to read the state, writing the lease first if it is not held.
   *
   * @throws CassandraStoreException if the lease cannot be written
   */
  Ticket acquire() {
    used = true;
    synchronized (this) {
      if (!held || validUntil - System.nanoTime() < ttlNanos / 4) {
        write();
      }
      Ticket ticket = new Ticket(known.get(), generation);
      open.add(ticket);
      return ticket;
    }
  }

  /**
   * Writes the lease again now, with the lowest sequence number its open snapshots need, if it is
   * held: compaction calls it so that its own store's lease does not hold it back more than needed.
   */
  synchronized void refresh() {
    if (held && validUntil - System.nanoTime() > 0) {
      write();
    }
  }

  /** Stops the renewals, as a paused process would; for tests of lapsed leases. */
  void stopRenewing() {
    renewing = false;
  }

  /** Stops renewing and removes the lease row, so compaction need not wait for its TTL. */
  void close() {
    renewal.cancel(false);
    synchronized (this) {
      held = false;
      generation++;
      open.clear();
    }
    try {
      reader.run("release the snapshot lease", reader.schema().dropLease.bind(reader.store(), instance));
    } catch (CassandraStoreException e) {
      // It lapses by its TTL.
      LOG.log(Level.DEBUG, () -> "store '" + reader.settings().redacted() + "': lease " + instance
          + " not removed at close; it lapses in " + ttlSeconds + " s: " + e.getMessage());
    }
  }

  private void renew() {
    if (!renewing || (open.isEmpty() && !used)) {
      return;
    }
    used = false;
    try {
      synchronized (this) {
        write();
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, () -> "store '" + reader.settings().redacted() + "': could not renew snapshot lease "
          + instance + "; its snapshots fail if it lapses: " + e.getMessage());
    }
  }

  /** Writes the lease row with the lowest sequence number an open snapshot of this generation needs. */
  private void write() {
    long value = known.get();
    for (Ticket ticket : open) {
      if (ticket.generation == generation) {
        value = Math.min(value, ticket.needs());
      }
    }
    long sent = System.nanoTime();
    reader.run("keep the snapshot lease", reader.schema().writeLease.bind(reader.store(), instance, value, ttlSeconds));
    long acknowledged = System.nanoTime();
    if (!held || acknowledged - validUntil >= 0) {
      // The row may have expired before this write reached the cluster: compaction may have run
      // without it, so no snapshot that began before may trust its reads any more.
      generation++;
      open.removeIf(ticket -> ticket.generation != generation);
    }
    held = true;
    validUntil = sent + ttlNanos / 2;
  }

  private synchronized boolean holds(Ticket ticket) {
    return held && ticket.generation == generation && validUntil - System.nanoTime() > 0;
  }

  /** One snapshot's claim on the lease: registered before the snapshot reads the state. */
  final class Ticket {

    private final long bound;
    private final long generation;
    private volatile long seq = -1;

    private Ticket(long bound, long generation) {
      this.bound = bound;
      this.generation = generation;
    }

    /** Records the sequence number the snapshot read: the lease need not stay below it. */
    void pin(long seq) {
      this.seq = seq;
      observed(seq);
    }

    private long needs() {
      long pinned = seq;
      return pinned >= 0 ? pinned : bound;
    }

    /** Whether the lease was held without a gap since this snapshot registered. */
    boolean valid() {
      return holds(this);
    }

    /**
     * Fails if the lease lapsed since the snapshot began; called after each read, whose result is
     * sound only if the lease still held when it ended.
     *
     * @throws SnapshotLapsedException if it lapsed
     */
    void check() {
      if (!holds(this)) {
        throw new SnapshotLapsedException("the snapshot of store '" + reader.settings().redacted()
            + "' at sequence number " + needs() + " lost its lease (not renewed within " + ttlSeconds / 2
            + " s: the process was paused or the cluster unreachable), so compaction may have removed versions it"
            + " reads. End the transaction and begin a new one");
      }
    }

    /** Ends the claim when the snapshot closes. */
    void release() {
      open.remove(this);
    }
  }
}

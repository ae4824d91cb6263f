package io.prolly;

import io.prolly.error.ConcurrencyException;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.StoreStats;
import io.prolly.spi.WriteTransaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * Mark and sweep over a repository's store. Marking follows every ref (branches, tags, live
 * stores) to its commit, the commit's parents, namespace registry, namespace trees and blobs.
 *
 * <p>The protocol that keeps concurrent commits safe: the first, long mark runs without blocking
 * anyone. Each sweep batch then takes the exclusive side of the repository's sweep lock, which
 * waits for every write transaction in flight and keeps new ones from starting; under it the mark
 * is brought up to date from the refs as they are now (cheap: it stops at marked nodes), and only
 * then are nodes deleted that are still unmarked. A commit can only build on nodes reachable from
 * a ref when it starts (it edits the branch head it reads in its own transaction), so nothing a
 * commit needs is unmarked while the commit runs, and nothing it writes is swept afterwards. The
 * lock is released between batches, so commits wait at most one batch.
 *
 * <p>The lock is the repository's, so it protects commits made through the same
 * {@link Repository}. Writers in other processes (a server database shared by several
 * application instances) are kept out of each batch by the {@link SweepEpoch} the batch commits
 * first and moves on when it ends; between batches the collector pauses as long as the batch held
 * them back, so that they keep committing while a long collection runs.
 */
final class GarbageCollector {

  /** Nodes deleted per write transaction. */
  static final int BATCH = 10_000;

  /** The longest pause between batches; see {@link #pauseForOtherProcesses}. */
  private static final long MAX_PAUSE_MILLIS = 1_000;

  private static final String INTERRUPTED = "garbage collection interrupted between batches; what was deleted so "
      + "far was unreachable, and the rest stays until the next collection";

  private final NodeStore store;
  private final ReadWriteLock sweepLock;
  private final int batchSize;
  private final ProgressListener progress;
  private final Set<Hash> marked = new HashSet<>();
  private long lastBatchNanos;
  private long totalDeleted;

  GarbageCollector(NodeStore store, ReadWriteLock sweepLock, ProgressListener progress) {
    this(store, sweepLock, BATCH, progress);
  }

  /** With smaller batches, for tests that need many of them. */
  GarbageCollector(NodeStore store, ReadWriteLock sweepLock, int batchSize, ProgressListener progress) {
    this.store = store;
    this.sweepLock = sweepLock;
    this.batchSize = batchSize;
    this.progress = progress;
  }

  GcReport run() {
    long start = System.nanoTime();
    StoreStats before = store.stats();
    List<Hash> candidates = new ArrayList<>();
    try (ReadTransaction tx = store.beginRead()) {
      markFromRefs(tx);
      tx.forEachNode(id -> {
        if (!marked.contains(id)) {
          candidates.add(id);
        }
      });
    }
    for (int from = 0; from < candidates.size(); from += batchSize) {
      if (from > 0) {
        pauseForOtherProcesses();
      }
      totalDeleted += sweep(candidates.subList(from, Math.min(candidates.size(), from + batchSize)));
      progress.progress("gc", "sweeping", Math.min(candidates.size(), from + batchSize), candidates.size());
    }
    StoreStats after = store.stats();
    return new GcReport(before.nodeCount(), before.nodeBytes(), after.nodeCount(), after.nodeBytes(), totalDeleted,
        Duration.ofNanos(System.nanoTime() - start));
  }

  /** Nodes deleted so far, also when the collection failed part way. */
  long nodesDeleted() {
    return totalDeleted;
  }

  private long sweep(Collection<Hash> batch) {
    GcBatchEvent event = new GcBatchEvent();
    event.begin(); // waiting for the writers in flight is part of what the batch costs them
    sweepLock.writeLock().lock();
    try {
      long started = System.nanoTime();
      SweepEpoch running = holdWriters();
      long deleted;
      try (WriteTransaction tx = store.beginWrite()) {
        markFromRefs(tx); // commits since the last mark may have made candidates reachable again
        deleted = 0;
        for (Hash id : batch) {
          if (!marked.contains(id)) {
            tx.delete(id);
            deleted++;
          }
        }
        tx.setRef(SweepEpoch.REF, running.toHash(), running.next().toHash());
        tx.commit();
      } catch (ConcurrencyException leaseLost) {
        throw new ConcurrencyException("a garbage collection batch held other processes' writers back longer than "
            + "its lease of " + SweepEpoch.LEASE_MILLIS + " ms, so they went on without it; this batch deleted nothing. "
            + "Collect again when the store is less busy");
      }
      lastBatchNanos = System.nanoTime() - started;
      if (event.shouldCommit()) {
        event.candidates = batch.size();
        event.nodesDeleted = deleted;
        event.commit();
      }
      return deleted;
    } finally {
      sweepLock.writeLock().unlock();
    }
  }

  /**
   * Commits a running epoch, which fails other processes' writes in flight and holds back new ones
   * until the batch ends; waits while another process's batch holds the store.
   */
  private SweepEpoch holdWriters() {
    for (long pauseMillis = 1; ; pauseMillis = Math.min(2 * pauseMillis, SweepEpoch.MAX_LOOK_AGAIN_MILLIS)) {
      try (WriteTransaction tx = store.beginWrite()) {
        Hash seen = tx.ref(SweepEpoch.REF);
        SweepEpoch epoch = SweepEpoch.of(seen);
        long now = System.currentTimeMillis();
        if (!epoch.holdsWriters(now)) {
          SweepEpoch running = epoch.startBatch(now);
          tx.setRef(SweepEpoch.REF, seen, running.toHash());
          tx.commit();
          return running;
        }
      } catch (ConcurrencyException anotherWriterWon) {
        // a writer created the epoch or ended a dead batch meanwhile; look again
      }
      Pause.sleep(pauseMillis, INTERRUPTED);
    }
  }

  /**
   * Leaves other processes' writers as much time as the batch held them back, so that a long
   * collection slows their commits down instead of stopping them; and at least as long as a
   * waiting writer takes to look again, so that it never misses the gap.
   */
  private void pauseForOtherProcesses() {
    long held = TimeUnit.NANOSECONDS.toMillis(lastBatchNanos);
    Pause.sleep(Math.min(MAX_PAUSE_MILLIS, Math.max(2 * SweepEpoch.MAX_LOOK_AGAIN_MILLIS, held)), INTERRUPTED);
  }

  private void markFromRefs(ReadTransaction tx) {
    new ReachableNodes(tx).walk(SweepEpoch.historyRefs(tx.refs("")).values(),
        ReachableNodes.once(marked, progress, "gc", "marking"), (id, node) -> { });
  }
}

package io.prolly;

import io.prolly.commit.Commit;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.StoreStats;
import io.prolly.spi.WriteTransaction;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 * <p>The lock is the repository's, so this protects commits made through the same
 * {@link Repository}; the embedded backends let only one repository open a store at a time.
 */
final class GarbageCollector {

  /** Nodes deleted per write transaction. */
  static final int BATCH = 10_000;

  private final NodeStore store;
  private final ReadWriteLock sweepLock;
  private final Set<Hash> marked = new HashSet<>();

  GarbageCollector(NodeStore store, ReadWriteLock sweepLock) {
    this.store = store;
    this.sweepLock = sweepLock;
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
    long deleted = 0;
    for (int from = 0; from < candidates.size(); from += BATCH) {
      deleted += sweep(candidates.subList(from, Math.min(candidates.size(), from + BATCH)));
    }
    StoreStats after = store.stats();
    return new GcReport(before.nodeCount(), before.nodeBytes(), after.nodeCount(), after.nodeBytes(), deleted,
        Duration.ofNanos(System.nanoTime() - start));
  }

  private long sweep(Collection<Hash> batch) {
    sweepLock.writeLock().lock();
    try (WriteTransaction tx = store.beginWrite()) {
      markFromRefs(tx); // commits since the last mark may have made candidates reachable again
      long deleted = 0;
      for (Hash id : batch) {
        if (!marked.contains(id)) {
          tx.delete(id);
          deleted++;
        }
      }
      tx.commit();
      return deleted;
    } finally {
      sweepLock.writeLock().unlock();
    }
  }

  private void markFromRefs(ReadTransaction tx) {
    CommitTrees trees = new CommitTrees(tx);
    Deque<Hash> commits = new ArrayDeque<>(tx.refs("").values());
    while (!commits.isEmpty()) {
      Hash id = commits.pop();
      if (!marked.add(id)) {
        continue;
      }
      byte[] node = tx.get(id);
      if (node == null) {
        throw new CorruptNodeException(id, "commit " + id.toShortHex()
            + " is missing although a ref or a commit refers to it; garbage collection stopped, nothing was deleted "
            + "in this batch. Verify the store");
      }
      Commit commit = Commit.decode(id, node);
      commits.addAll(commit.parents());
      trees.walk(commit.root(), marked::add);
    }
  }

}

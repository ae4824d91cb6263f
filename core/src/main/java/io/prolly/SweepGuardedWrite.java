package io.prolly;

import io.prolly.error.ConcurrencyException;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.WriteTransaction;
import io.prolly.spi.support.ForwardingWriteTransaction;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.Lock;
import org.jspecify.annotations.Nullable;

/**
 * A repository write transaction guarded against garbage collection sweeps. In this process it
 * holds the shared side of the collector's lock from begin to close, so that a sweep never runs
 * while a transaction may be building on nodes the sweep is about to delete; writers share the
 * lock among themselves and never wait for each other. Against other processes' sweeps, a commit
 * that changes anything asserts the {@link SweepEpoch} it read at begin. Before a commit publishes
 * branch moves, the repository's {@link CommitValidator}s judge them; after it, it tells the
 * repository which refs moved, for watchers and automatic collection.
 */
final class SweepGuardedWrite extends ForwardingWriteTransaction {

  private final WriteTransaction tx;
  private final @Nullable Hash epoch;
  /** What the commit leaves: the epoch read, unless the commit moves it on (or creates it). */
  private @Nullable Hash epochLeft;
  private final Lock shared;
  private final Repository repository;
  /** Ref name to {before, after} of every ref this transaction moves. */
  private final Map<String, Hash[]> moves = new HashMap<>();
  private boolean changed;
  private boolean released;

  /**
   * Begins a write transaction of a repository. While another process's sweep batch holds the
   * store, waits until it ends (at most its lease).
   */
  static SweepGuardedWrite begin(NodeStore store, Lock shared, Repository repository) {
    for (long pauseMillis = 1; ; pauseMillis = Math.min(2 * pauseMillis, SweepEpoch.MAX_LOOK_AGAIN_MILLIS)) {
      shared.lock();
      WriteTransaction tx = null;
      try {
        tx = store.beginWrite();
        Hash epoch = tx.ref(SweepEpoch.REF);
        if (!SweepEpoch.of(epoch).holdsWriters(System.currentTimeMillis())) {
          return new SweepGuardedWrite(tx, epoch, shared, repository);
        }
        tx.close();
      } catch (RuntimeException e) {
        if (tx != null) {
          tx.close();
        }
        shared.unlock();
        throw e;
      }
      shared.unlock();
      Pause.sleep(pauseMillis, "interrupted while waiting for another process's garbage collection batch to end; "
          + "nothing was written");
    }
  }

  private SweepGuardedWrite(WriteTransaction tx, @Nullable Hash epoch, Lock shared, Repository repository) {
    super(tx);
    this.tx = tx;
    this.epoch = epoch;
    this.epochLeft = epoch;
    this.shared = shared;
    this.repository = repository;
  }

  /** The sweep epoch this transaction read when it began. */
  @Nullable Hash epoch() {
    return epoch;
  }

  /** Makes the commit write the epoch even if nothing else changes, so that it exists from then on. */
  void keepEpoch() {
    changed = true;
  }

  /** The sweep epoch this transaction left when it committed; what it read if it changed nothing. */
  @Nullable Hash epochLeft() {
    return epochLeft;
  }

  @Override
  public void put(Hash id, byte[] node) {
    super.put(id, node);
    changed = true;
  }

  @Override
  public void putAll(Map<Hash, byte[]> nodes) {
    super.putAll(nodes);
    changed = true;
  }

  @Override
  public void delete(Hash id) {
    super.delete(id);
    changed = true;
  }

  @Override
  public void setRef(String name, @Nullable Hash expected, @Nullable Hash value) {
    super.setRef(name, expected, value);
    changed = true;
    Hash[] move = moves.get(name);
    moves.put(name, new Hash[] {move == null ? expected : move[0], value});
  }

  @Override
  public void commit() {
    if (!moves.isEmpty()) {
      repository.validators().check(repository, this, moves);
    }
    if (changed) {
      epochLeft = SweepEpoch.assertNoSweepSince(tx, epoch);
    }
    try {
      super.commit();
    } catch (ConcurrencyException lostRace) {
      throw explained(lostRace);
    }
    if (!moves.isEmpty()) {
      repository.committed(Map.copyOf(moves));
    }
  }

  /** Says so when the race was lost to a sweep batch rather than to a writer of the same refs. */
  private ConcurrencyException explained(ConcurrencyException lostRace) {
    Hash now;
    try (ReadTransaction read = repository.nodeStore().beginRead()) {
      now = read.ref(SweepEpoch.REF);
    }
    if (Objects.equals(now, epoch)) {
      return lostRace;
    }
    ConcurrencyException swept = new ConcurrencyException(epoch == null
        ? "another writer made the repository's first write at the same time; nothing was written, and trying "
            + "again is safe"
        : "a garbage collection batch ran while this write was open and may have deleted nodes it built on; nothing "
            + "was written, and trying again is safe");
    swept.addSuppressed(lostRace);
    return swept;
  }

  @Override
  public void close() {
    try {
      super.close();
    } finally {
      if (!released) {
        released = true;
        shared.unlock();
      }
    }
  }
}

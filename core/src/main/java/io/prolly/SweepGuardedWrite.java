package io.prolly;

import io.prolly.spi.Hash;
import io.prolly.spi.WriteTransaction;
import io.prolly.spi.support.ForwardingWriteTransaction;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import org.jspecify.annotations.Nullable;

/**
 * A repository write transaction that holds the shared side of the garbage collector's lock from
 * begin to close, so that a sweep never runs while a transaction may be building on nodes the
 * sweep is about to delete. Writers share the lock among themselves and never wait for each other.
 * After a commit it tells the repository which refs moved, for watchers and automatic collection.
 */
final class SweepGuardedWrite extends ForwardingWriteTransaction {

  private final Lock shared;
  private final Repository repository;
  /** Ref name to {before, after} of every ref this transaction moves. */
  private final Map<String, Hash[]> moves = new HashMap<>();
  private boolean released;

  SweepGuardedWrite(WriteTransaction tx, Lock shared, Repository repository) {
    super(tx);
    this.shared = shared;
    this.repository = repository;
  }

  @Override
  public void setRef(String name, @Nullable Hash expected, @Nullable Hash value) {
    super.setRef(name, expected, value);
    Hash[] move = moves.get(name);
    moves.put(name, new Hash[] {move == null ? expected : move[0], value});
  }

  @Override
  public void commit() {
    super.commit();
    if (!moves.isEmpty()) {
      repository.committed(Map.copyOf(moves));
    }
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

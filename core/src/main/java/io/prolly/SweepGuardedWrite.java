package io.prolly;

import io.prolly.spi.Hash;
import io.prolly.spi.WriteTransaction;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A repository write transaction that holds the shared side of the garbage collector's lock from
 * begin to close, so that a sweep never runs while a transaction may be building on nodes the
 * sweep is about to delete. Writers share the lock among themselves and never wait for each other.
 * After a commit it tells the repository which refs moved, for watchers and automatic collection.
 */
final class SweepGuardedWrite implements WriteTransaction {

  private final WriteTransaction tx;
  private final Lock shared;
  private final Repository repository;
  /** Ref name to {before, after} of every ref this transaction moves, told to watchers on commit. */
  private final Map<String, Hash[]> moves = new HashMap<>();
  private boolean released;

  SweepGuardedWrite(WriteTransaction tx, Lock shared, Repository repository) {
    this.tx = tx;
    this.shared = shared;
    this.repository = repository;
  }

  @Override
  public byte @Nullable [] get(Hash id) {
    return tx.get(id);
  }

  @Override
  public boolean contains(Hash id) {
    return tx.contains(id);
  }

  @Override
  public @Nullable Hash ref(String name) {
    return tx.ref(name);
  }

  @Override
  public SortedMap<String, Hash> refs(String prefix) {
    return tx.refs(prefix);
  }

  @Override
  public void forEachNode(Consumer<Hash> action) {
    tx.forEachNode(action);
  }

  @Override
  public void put(Hash id, byte[] node) {
    tx.put(id, node);
  }

  @Override
  public void putAll(Map<Hash, byte[]> nodes) {
    tx.putAll(nodes);
  }

  @Override
  public void delete(Hash id) {
    tx.delete(id);
  }

  @Override
  public void setRef(String name, @Nullable Hash expected, @Nullable Hash value) {
    tx.setRef(name, expected, value);
    Hash[] move = moves.get(name);
    moves.put(name, new Hash[] {move == null ? expected : move[0], value});
  }

  @Override
  public void commit() {
    tx.commit();
    if (!moves.isEmpty()) {
      repository.committed(Map.copyOf(moves));
    }
  }

  @Override
  public void rollback() {
    tx.rollback();
  }

  @Override
  public void close() {
    try {
      tx.close();
    } finally {
      if (!released) {
        released = true;
        shared.unlock();
      }
    }
  }
}

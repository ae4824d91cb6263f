package io.prolly;

import io.prolly.error.ConcurrencyException;
import io.prolly.spi.Hash;
import io.prolly.spi.WriteTransaction;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Node writes spread over a sequence of repository write transactions of bounded size, for
 * writers of more nodes than a backend's transaction can stage in memory (every backend holds a
 * transaction's puts until it commits). Each batch commits nodes only; refs move in a later,
 * separate transaction, so until then the nodes are garbage that no ref holds. Reads see every
 * batch written so far. Holds the repository's sweep lock from creation to {@link #close()}, and
 * fails with {@link ConcurrencyException} as soon as another process's collection ran between two
 * batches, since it may have deleted nodes of the earlier ones.
 *
 * <p>Not thread-safe; one writer's.
 */
final class BatchedWrites implements WriteTransaction {

  /** Bytes of nodes a batch stages before it commits. */
  static final long BATCH_BYTES = 8L << 20;

  private final Repository repository;
  private final long batchBytes;
  private SweepGuardedWrite tx;
  /** The sweep epoch the last committed batch left, which the next transaction must find. */
  private @Nullable Hash epoch;
  private long pendingBytes;
  private boolean closed;

  BatchedWrites(Repository repository, long batchBytes) {
    this.repository = repository;
    this.batchBytes = batchBytes;
    repository.sweepLock().readLock().lock();
    try {
      tx = repository.beginWrite();
    } catch (RuntimeException e) {
      repository.sweepLock().readLock().unlock();
      throw e;
    }
    epoch = tx.epoch();
  }

  /** Commits the nodes staged so far, so that a transaction begun after this sees them. */
  void flush() {
    if (pendingBytes == 0) {
      return;
    }
    tx.commit();
    epoch = tx.epochLeft();
    tx.close();
    pendingBytes = 0;
    tx = repository.beginWrite();
    requireEpoch(tx);
  }

  /**
   * Checks that no collection ran since the last batch: a transaction that builds on the batches
   * calls it before it commits.
   *
   * @throws ConcurrencyException if the sweep epoch moved on
   */
  void requireEpoch(SweepGuardedWrite next) {
    if (!Objects.equals(next.epoch(), epoch)) {
      throw new ConcurrencyException("a garbage collection ran while nodes were being written in batches and may "
          + "have deleted some of them; no ref was changed, and running the operation again is safe");
    }
  }

  @Override
  public void put(Hash id, byte[] node) {
    tx.put(id, node);
    added(node.length, 1);
  }

  @Override
  public void putAll(Map<Hash, byte[]> nodes) {
    // One by one, so that a batch ends within a node of its size however large the caller's map.
    nodes.forEach(this::put);
  }

  private void added(long bytes, int nodes) {
    // Ids count too: a backend stages them with the nodes.
    pendingBytes += bytes + (long) nodes * Hash.LENGTH;
    if (pendingBytes >= batchBytes) {
      flush();
    }
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
  public void delete(Hash id) {
    throw new UnsupportedOperationException("batched writes only add nodes");
  }

  @Override
  public void setRef(String name, @Nullable Hash expected, @Nullable Hash value) {
    throw new UnsupportedOperationException("batched writes move no refs; move them in a transaction of their own");
  }

  /**
   * Commits the last batch and ends the writes: what builds on them begins its own transaction
   * and checks it with {@link #requireEpoch} before {@link #close()}.
   */
  @Override
  public void commit() {
    if (pendingBytes > 0) {
      tx.commit();
      epoch = tx.epochLeft();
      pendingBytes = 0;
    }
    tx.close();
  }

  /** Drops the current batch; the batches committed before it stay, as garbage until referred to or collected. */
  @Override
  public void rollback() {
    tx.rollback();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      tx.close();
    } finally {
      repository.sweepLock().readLock().unlock();
    }
  }
}

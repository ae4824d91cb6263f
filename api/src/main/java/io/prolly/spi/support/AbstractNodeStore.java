package io.prolly.spi.support;

import io.prolly.error.ConcurrencyException;
import io.prolly.error.StoreClosedException;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.StoreStats;
import io.prolly.spi.WriteTransaction;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A {@link NodeStore} skeleton that keeps the SPI contract the same way for every backend.
 *
 * <p>A subclass supplies snapshots of its committed state, atomic application of a transaction's
 * {@link Changes}, its figures, and the release of its resources. This class checks arguments,
 * stages the writes of each transaction in memory (with read-your-writes), checks ref
 * expectations early, tracks open transactions and rolls them back on close, and makes every
 * call after close throw {@link StoreClosedException}. {@link #close()} waits for operations
 * already running on other threads, so a subclass never releases a resource in use.
 *
 * <p>Subclass methods are only called while the store is open, never concurrently with
 * {@link #closeStorage()}.
 */
public abstract class AbstractNodeStore implements NodeStore {

  private final StoreConfig config;
  private final ClosingGate gate = new ClosingGate();
  private final Set<SnapshotReadTransaction> openTransactions = ConcurrentHashMap.newKeySet();

  /**
   * Creates the store.
   *
   * @param config the configuration it was opened with
   */
  protected AbstractNodeStore(StoreConfig config) {
    this.config = config;
  }

  /**
   * Freezes the latest committed state for a new transaction.
   *
   * @return a snapshot that the base class closes when the transaction ends
   */
  protected abstract Snapshot openSnapshot();

  /**
   * Applies the changes of one transaction atomically: first {@linkplain Changes#checkRefs check
   * every ref expectation} against the latest committed state, then write every put, delete and
   * ref change, or nothing at all, and sync according to {@link StoreConfig#durability()}.
   * Commits must be serialised by the subclass (for example with a lock).
   *
   * @param changes what the transaction changes; never empty
   * @throws io.prolly.error.ConcurrencyException if a ref expectation fails; nothing may be written
   */
  protected abstract void apply(Changes changes);

  /**
   * Computes the figures of the latest committed state.
   *
   * @return exact node and ref counts, and the backend's own figures
   */
  protected abstract StoreStats computeStats();

  /**
   * Gives back the space of deleted nodes, as {@link NodeStore#compact()} describes; may run
   * while transactions and commits run. The default does nothing.
   */
  protected void compactStorage() {
    // The engine reuses freed space by itself, or cannot give it back.
  }

  /** Releases files, locks and native resources. Called once, after every operation ended. */
  protected abstract void closeStorage();

  @Override
  public final StoreConfig config() {
    return config;
  }

  @Override
  public final ReadTransaction beginRead() {
    return open(() -> new SnapshotReadTransaction(this, openSnapshot()));
  }

  @Override
  public final WriteTransaction beginWrite() {
    return open(() -> new StagedWriteTransaction(this, openSnapshot()));
  }

  @Override
  public final StoreStats stats() {
    enter("stats");
    try {
      return computeStats();
    } finally {
      exit();
    }
  }

  @Override
  public final void compact() {
    enter("compact");
    try {
      compactStorage();
    } finally {
      exit();
    }
  }

  /**
   * Tells whether the store was closed.
   *
   * @return true once {@link #close()} has been called
   */
  public final boolean isClosed() {
    return gate.isClosed();
  }

  @Override
  public final void close() {
    if (!gate.closeAndDrain()) {
      return;
    }
    try {
      openTransactions.forEach(SnapshotReadTransaction::abandon);
      openTransactions.clear();
    } finally {
      closeStorage();
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + config.redacted() + "]";
  }

  final void enter(String operation) {
    gate.enter(() -> new StoreClosedException(
        "store '" + config.redacted() + "' is closed; cannot " + operation + ". Open the store again to use it"));
  }

  final void exit() {
    gate.exit();
  }

  final void forget(SnapshotReadTransaction transaction) {
    openTransactions.remove(transaction);
  }

  final void commit(Changes changes) {
    apply(changes);
  }

  private <T extends SnapshotReadTransaction> T open(Supplier<T> factory) {
    enter("begin a transaction");
    try {
      T transaction = factory.get();
      openTransactions.add(transaction);
      return transaction;
    } finally {
      exit();
    }
  }
}

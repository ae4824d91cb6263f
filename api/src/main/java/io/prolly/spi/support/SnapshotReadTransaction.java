package io.prolly.spi.support;

import io.prolly.error.StoreClosedException;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.RefName;
import java.util.SortedMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** A read transaction over one {@link Snapshot}, with the SPI's checks and lifecycle. */
class SnapshotReadTransaction implements ReadTransaction {

  final AbstractNodeStore store;
  private final Snapshot snapshot;
  private volatile @Nullable String endedAs;

  SnapshotReadTransaction(AbstractNodeStore store, Snapshot snapshot) {
    this.store = store;
    this.snapshot = snapshot;
  }

  @Override
  public byte @Nullable [] get(Hash id) {
    checkId(id);
    return guard("read a node", () -> readNode(id));
  }

  @Override
  public boolean contains(Hash id) {
    checkId(id);
    return guard("read a node", () -> hasNode(id));
  }

  @Override
  public @Nullable Hash ref(String name) {
    RefName.check(name);
    return guard("read a ref", () -> readRef(name));
  }

  @Override
  public SortedMap<String, Hash> refs(String prefix) {
    if (prefix == null) {
      throw new IllegalArgumentException("ref prefix is null; use \"\" for all refs");
    }
    return guard("list refs", () -> listRefs(prefix));
  }

  @Override
  public void forEachNode(Consumer<Hash> action) {
    if (action == null) {
      throw new IllegalArgumentException("node action is null");
    }
    guard("list nodes", () -> {
      visitNodes(action);
      return null;
    });
  }

  @Override
  public void close() {
    end("closed");
  }

  byte @Nullable [] readNode(Hash id) {
    return snapshot.get(id);
  }

  boolean hasNode(Hash id) {
    return snapshot.contains(id);
  }

  @Nullable Hash readRef(String name) {
    return snapshot.ref(name);
  }

  SortedMap<String, Hash> listRefs(String prefix) {
    return snapshot.refs(prefix);
  }

  void visitNodes(Consumer<Hash> action) {
    snapshot.forEachNode(action);
  }

  final Snapshot snapshot() {
    return snapshot;
  }

  /** Runs a read inside the store's gate, after checking that this transaction is usable. */
  final <T> T guard(String operation, Supplier<T> body) {
    store.enter(operation);
    try {
      checkActive();
      return body.get();
    } finally {
      store.exit();
    }
  }

  final void checkActive() {
    if (endedAs != null) {
      throw new IllegalStateException("this transaction was " + endedAs + "; begin a new one");
    }
  }

  /**
   * Ends the transaction once and releases its snapshot; later calls do nothing. Once the store
   * is closing, {@link #abandon()} releases it instead.
   */
  final void end(String how) {
    if (endedAs != null) {
      return;
    }
    try {
      store.enter("end a transaction");
    } catch (StoreClosedException closed) {
      return;
    }
    try {
      endedAs = how;
      store.forget(this);
      snapshot.close();
    } finally {
      store.exit();
    }
  }

  /** Called by the store while it closes, with no operation running: release without ceremony. */
  final void abandon() {
    if (endedAs == null) {
      endedAs = "rolled back because the store was closed";
      snapshot.close();
    }
  }

  static void checkId(Hash id) {
    if (id == null) {
      throw new IllegalArgumentException("node id is null");
    }
  }
}

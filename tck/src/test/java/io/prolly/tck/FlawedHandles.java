package io.prolly.tck;

import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.StoreStats;
import io.prolly.spi.WriteTransaction;
import io.prolly.spi.support.ForwardingNodeStore;
import io.prolly.spi.support.ForwardingWriteTransaction;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The flaws of {@link ReferenceBackend} that a store built on
 * {@link io.prolly.spi.support.AbstractNodeStore} cannot have, because the base class does that
 * part right: they sit in the store and transaction handles a backend writes by hand.
 */
final class FlawedHandles {

  private FlawedHandles() {}

  static NodeStore wrap(NodeStore store, ReferenceBackend.Flaw flaw, Map<String, Hash> dirtyRefs) {
    switch (flaw) {
      case CLOSE_WITHOUT_COMMIT_COMMITS:
      case COMMITS_OPEN_TRANSACTIONS_AT_CLOSE:
      case READS_REFS_STAGED_BY_OTHER_TRANSACTIONS:
      case LISTS_REFS_WITHOUT_OWN_CHANGES:
      case CLOSE_IS_NOT_IDEMPOTENT:
      case ANSWERS_STATS_AFTER_CLOSE:
        return new Handle(store, flaw, dirtyRefs);
      default:
        return store;
    }
  }

  private static final class Handle extends ForwardingNodeStore {
    private final ReferenceBackend.Flaw flaw;
    private final Map<String, Hash> dirtyRefs;
    private final Set<Write> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile @Nullable StoreStats lastStats;

    Handle(NodeStore delegate, ReferenceBackend.Flaw flaw, Map<String, Hash> dirtyRefs) {
      super(delegate);
      this.flaw = flaw;
      this.dirtyRefs = dirtyRefs;
    }

    @Override
    public WriteTransaction beginWrite() {
      Write write = new Write(super.beginWrite(), this);
      open.add(write);
      return write;
    }

    @Override
    public StoreStats stats() {
      StoreStats cached = lastStats;
      if (flaw == ReferenceBackend.Flaw.ANSWERS_STATS_AFTER_CLOSE && closed && cached != null) {
        return cached;
      }
      return super.stats();
    }

    @Override
    public void close() {
      if (flaw == ReferenceBackend.Flaw.CLOSE_IS_NOT_IDEMPOTENT && closed) {
        throw new IllegalStateException("store already closed");
      }
      if (flaw == ReferenceBackend.Flaw.COMMITS_OPEN_TRANSACTIONS_AT_CLOSE) {
        for (Write write : Set.copyOf(open)) {
          try {
            write.commit();
          } catch (RuntimeException failed) {
            // what cannot be committed is rolled back by the close below
          }
        }
      }
      closed = true;
      super.close();
    }
  }

  private static final class Write extends ForwardingWriteTransaction {
    private final Handle handle;
    private final Set<String> staged = new HashSet<>();
    private boolean ended;

    Write(WriteTransaction delegate, Handle handle) {
      super(delegate);
      this.handle = handle;
    }

    @Override
    public void setRef(String name, @Nullable Hash expected, @Nullable Hash value) {
      super.setRef(name, expected, value);
      if (handle.flaw == ReferenceBackend.Flaw.READS_REFS_STAGED_BY_OTHER_TRANSACTIONS && value != null) {
        handle.dirtyRefs.put(name, value);
        staged.add(name);
      }
    }

    @Override
    public SortedMap<String, Hash> refs(String prefix) {
      if (handle.flaw != ReferenceBackend.Flaw.LISTS_REFS_WITHOUT_OWN_CHANGES) {
        return super.refs(prefix);
      }
      super.refs(prefix);   // the checks of the transaction
      try (ReadTransaction committed = handle.beginRead()) {
        return committed.refs(prefix);
      }
    }

    @Override
    public void commit() {
      try {
        super.commit();
        if (handle.flaw == ReferenceBackend.Flaw.ANSWERS_STATS_AFTER_CLOSE) {
          handle.lastStats = handle.stats();   // the figures, kept up to date at every commit
        }
      } finally {
        ended();
      }
    }

    @Override
    public void rollback() {
      super.rollback();
      ended();
    }

    @Override
    public void close() {
      if (handle.flaw == ReferenceBackend.Flaw.CLOSE_WITHOUT_COMMIT_COMMITS && !ended) {
        commit();
        return;
      }
      super.close();
      ended();
    }

    private void ended() {
      ended = true;
      handle.open.remove(this);
      staged.forEach(handle.dirtyRefs::remove);
      staged.clear();
    }
  }
}

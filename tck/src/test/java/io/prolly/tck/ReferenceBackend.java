package io.prolly.tck;

import io.prolly.spi.BackendProvider;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.StoreStats;
import io.prolly.spi.support.AbstractNodeStore;
import io.prolly.spi.support.Changes;
import io.prolly.spi.support.RefChange;
import io.prolly.spi.support.RefMapSnapshot;
import io.prolly.spi.support.Snapshot;
import io.prolly.spi.support.Arguments;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The simplest backend that keeps the contract: the whole state is copied on every commit. It
 * "persists" by parking its state in a static map at close, keyed by location. Each
 * {@link Flaw} breaks one rule, to prove that the TCK notices.
 */
public final class ReferenceBackend implements BackendProvider {

  /** One deliberate violation of the contract. */
  enum Flaw {
    NONE,
    /** Commits without checking ref expectations: concurrent increments get lost. */
    IGNORES_CAS,
    /** Writes the nodes of a conflicting transaction before failing it: not atomic. */
    WRITES_NODES_BEFORE_CAS_CHECK,
    /** Reads the latest committed state instead of the transaction's snapshot. */
    READS_LATEST_INSTEAD_OF_SNAPSHOT,
    /** Claims persistence, but a reopened store is empty. */
    FORGETS_DATA_ON_REOPEN,
    /** Does not subtract deleted nodes from its byte count. */
    MISCOUNTS_DELETED_BYTES,
    /** Loses empty nodes: get returns null for a node of 0 bytes. */
    LOSES_EMPTY_NODES
  }

  private static final Map<String, State> PARKED = new ConcurrentHashMap<>();

  private final Flaw flaw;

  /** The flawless variant, as {@link java.util.ServiceLoader} creates it. */
  public ReferenceBackend() {
    this(Flaw.NONE);
  }

  ReferenceBackend(Flaw flaw) {
    this.flaw = flaw;
  }

  @Override
  public String scheme() {
    return "reference";
  }

  @Override
  public String description() {
    return "copy-on-commit reference backend of the TCK's self-test, flaw " + flaw;
  }

  @Override
  public NodeStore open(StoreConfig config) {
    Arguments.notNull(config, "config");
    State parked = PARKED.remove(config.location());
    return new Store(config, flaw, parked == null || flaw == Flaw.FORGETS_DATA_ON_REOPEN ? State.EMPTY : parked);
  }

  private static final class Store extends AbstractNodeStore {
    private final Flaw flaw;
    private volatile State state;

    Store(StoreConfig config, Flaw flaw, State initial) {
      super(config);
      this.flaw = flaw;
      this.state = initial;
    }

    @Override
    protected Snapshot openSnapshot() {
      return flaw == Flaw.READS_LATEST_INSTEAD_OF_SNAPSHOT ? new LatestView(this) : state;
    }

    @Override
    protected synchronized void apply(Changes changes) {
      Map<Hash, byte[]> nodes = new HashMap<>(state.nodes);
      long bytes = state.nodeBytes;
      if (flaw == Flaw.WRITES_NODES_BEFORE_CAS_CHECK) {
        for (Map.Entry<Hash, byte[]> put : changes.puts().entrySet()) {
          if (nodes.putIfAbsent(put.getKey(), put.getValue()) == null) {
            bytes += put.getValue().length;
          }
        }
        state = new State(nodes, state.refs, bytes);
        nodes = new HashMap<>(nodes);
      }
      if (flaw != Flaw.IGNORES_CAS) {
        changes.checkRefs(state.refs::get);
      }
      for (Map.Entry<Hash, byte[]> put : changes.puts().entrySet()) {
        if (flaw == Flaw.LOSES_EMPTY_NODES && put.getValue().length == 0) {
          continue;
        }
        if (nodes.putIfAbsent(put.getKey(), put.getValue()) == null) {
          bytes += put.getValue().length;
        }
      }
      for (Hash id : changes.deletes()) {
        byte[] old = nodes.remove(id);
        if (old != null && flaw != Flaw.MISCOUNTS_DELETED_BYTES) {
          bytes -= old.length;
        }
      }
      NavigableMap<String, Hash> refs = new TreeMap<>(state.refs);
      for (Map.Entry<String, RefChange> change : changes.refs().entrySet()) {
        if (change.getValue().value() == null) {
          refs.remove(change.getKey());
        } else {
          refs.put(change.getKey(), change.getValue().value());
        }
      }
      state = new State(nodes, refs, bytes);
    }

    @Override
    protected StoreStats computeStats() {
      State current = state;
      return StoreStats.of(current.nodes.size(), current.nodeBytes, current.refs.size(), current.nodeBytes);
    }

    @Override
    protected void closeStorage() {
      PARKED.put(config().location(), state);
    }
  }

  /** An immutable committed state; its own snapshot. */
  private static final class State extends RefMapSnapshot {
    static final State EMPTY = new State(Map.of(), new TreeMap<>(), 0);

    final Map<Hash, byte[]> nodes;
    final NavigableMap<String, Hash> refs;
    final long nodeBytes;

    State(Map<Hash, byte[]> nodes, NavigableMap<String, Hash> refs, long nodeBytes) {
      super(Collections.unmodifiableNavigableMap(refs));
      this.nodes = Collections.unmodifiableMap(nodes);
      this.refs = Collections.unmodifiableNavigableMap(refs);
      this.nodeBytes = nodeBytes;
    }

    @Override
    public byte @Nullable [] get(Hash id) {
      return nodes.get(id);
    }

    @Override
    public boolean contains(Hash id) {
      return nodes.containsKey(id);
    }

    @Override
    public void forEachNode(Consumer<Hash> action) {
      Set.copyOf(nodes.keySet()).forEach(action);
    }

    @Override
    public void close() {}
  }

  /** The flawed "snapshot" that follows every commit. */
  private static final class LatestView implements Snapshot {
    private final Store store;

    LatestView(Store store) {
      this.store = store;
    }

    @Override
    public byte @Nullable [] get(Hash id) {
      return store.state.get(id);
    }

    @Override
    public boolean contains(Hash id) {
      return store.state.contains(id);
    }

    @Override
    public @Nullable Hash ref(String name) {
      return store.state.ref(name);
    }

    @Override
    public SortedMap<String, Hash> refs(String prefix) {
      return store.state.refs(prefix);
    }

    @Override
    public void forEachNode(Consumer<Hash> action) {
      store.state.forEachNode(action);
    }

    @Override
    public void close() {}
  }
}

package io.prolly.backend.memory;

import io.prolly.spi.Hash;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.StoreStats;
import io.prolly.spi.support.AbstractNodeStore;
import io.prolly.spi.support.Changes;
import io.prolly.spi.support.RefChange;
import io.prolly.spi.support.Snapshot;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.pcollections.HashPMap;
import org.pcollections.HashTreePMap;
import org.pcollections.TreePMap;

/**
 * A node store in the heap. The committed state is one immutable {@link State}; a transaction
 * reads the state current when it began, and a commit swaps in a new state built by structure
 * sharing. Readers never block; commits are serialised by a lock.
 */
final class MemoryNodeStore extends AbstractNodeStore {

  // Rough heap cost of one entry in the persistent maps, for the storageBytes estimate.
  private static final int NODE_OVERHEAD_BYTES = 120;
  private static final int REF_OVERHEAD_BYTES = 160;

  private final Object commitLock = new Object();
  private volatile State state = State.EMPTY;
  private long commits;

  MemoryNodeStore(StoreConfig config) {
    super(config);
  }

  @Override
  protected Snapshot openSnapshot() {
    return state;
  }

  @Override
  protected void apply(Changes changes) {
    synchronized (commitLock) {
      State current = state;
      changes.checkRefs(current.refs::get);
      HashPMap<Hash, byte[]> nodes = current.nodes;
      long nodeBytes = current.nodeBytes;
      for (Map.Entry<Hash, byte[]> put : changes.puts().entrySet()) {
        if (!nodes.containsKey(put.getKey())) {
          nodes = nodes.plus(put.getKey(), put.getValue());
          nodeBytes += put.getValue().length;
        }
      }
      for (Hash id : changes.deletes()) {
        byte[] old = nodes.get(id);
        if (old != null) {
          nodes = nodes.minus(id);
          nodeBytes -= old.length;
        }
      }
      TreePMap<String, Hash> refs = current.refs;
      for (Map.Entry<String, RefChange> change : changes.refs().entrySet()) {
        Hash value = change.getValue().value();
        refs = value == null ? refs.minus(change.getKey()) : refs.plus(change.getKey(), value);
      }
      state = new State(nodes, refs, nodeBytes);
      commits++;
    }
  }

  @Override
  protected StoreStats computeStats() {
    State current;
    long commitCount;
    synchronized (commitLock) {
      current = state;
      commitCount = commits;
    }
    long nodes = current.nodes.size();
    long refs = current.refs.size();
    long heap = current.nodeBytes + nodes * NODE_OVERHEAD_BYTES + refs * REF_OVERHEAD_BYTES;
    return StoreStats.of(nodes, current.nodeBytes, refs, heap).withFigure("commits", commitCount);
  }

  @Override
  protected void closeStorage() {
    state = State.EMPTY;
  }

  /** One committed state; immutable, so it is its own snapshot. */
  private static final class State implements Snapshot {
    static final State EMPTY = new State(HashTreePMap.empty(), TreePMap.empty(), 0);

    final HashPMap<Hash, byte[]> nodes;
    final TreePMap<String, Hash> refs;
    final long nodeBytes;

    State(HashPMap<Hash, byte[]> nodes, TreePMap<String, Hash> refs, long nodeBytes) {
      this.nodes = nodes;
      this.refs = refs;
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
    public @Nullable Hash ref(String name) {
      return refs.get(name);
    }

    @Override
    public SortedMap<String, Hash> refs(String prefix) {
      SortedMap<String, Hash> matching = new TreeMap<>();
      for (Map.Entry<String, Hash> ref : refs.tailMap(prefix, true).entrySet()) {
        if (!ref.getKey().startsWith(prefix)) {
          break;
        }
        matching.put(ref.getKey(), ref.getValue());
      }
      return Collections.unmodifiableSortedMap(matching);
    }

    @Override
    public void forEachNode(Consumer<Hash> action) {
      nodes.keySet().forEach(action);
    }

    @Override
    public void close() {
      // Nothing to release: the state is garbage-collected when no one holds it.
    }
  }
}

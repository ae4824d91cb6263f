package io.prolly.backend.memory;

import io.prolly.spi.Hash;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.StoreStats;
import io.prolly.spi.support.AbstractNodeStore;
import io.prolly.spi.support.Changes;
import io.prolly.spi.support.RefChange;
import io.prolly.spi.support.RefMapSnapshot;
import io.prolly.spi.support.Snapshot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.pcollections.TreePMap;

/**
 * A node store in the heap, with multi-version concurrency control.
 *
 * <p>Every commit gets the next version number. Nodes live in one concurrent hash map, each id
 * holding its {@link NodeVersion} history; refs are an immutable sorted map per commit. A
 * snapshot is a commit version plus that commit's refs: it sees a node version when the version
 * was created at or before it and not yet deleted. So readers never block and a point read is one
 * hash lookup. Commits are serialised by a lock and publish their version last, after every node
 * they write is in place. Deleted and replaced versions are pruned once no open snapshot can see
 * them.
 */
final class MemoryNodeStore extends AbstractNodeStore {

  // Rough heap cost of one node or ref entry beyond its bytes, for the storageBytes estimate.
  private static final int NODE_OVERHEAD_BYTES = 100;
  private static final int REF_OVERHEAD_BYTES = 160;

  private final ConcurrentHashMap<Hash, NodeVersion> nodes = new ConcurrentHashMap<>();
  private final SnapshotRegistry snapshots = new SnapshotRegistry();
  private final Object commitLock = new Object();
  /** Ids whose history holds versions that may become prunable; guarded by commitLock. */
  private final Set<Hash> withHistory = new HashSet<>();
  /** The oldest visible version at the last pruning; guarded by commitLock. */
  private long prunedUpTo = -1;
  private volatile Head head = new Head(0, TreePMap.empty(), 0, 0);

  MemoryNodeStore(StoreConfig config) {
    super(config);
  }

  @Override
  protected Snapshot openSnapshot() {
    while (true) {
      Head seen = head;
      snapshots.register(seen.version);
      // If a commit slipped in before the registration, it may have pruned versions this
      // snapshot needs; register on the new head instead.
      if (head == seen) {
        return new VersionSnapshot(seen.version, seen.refs);
      }
      snapshots.release(seen.version);
    }
  }

  @Override
  protected void apply(Changes changes) {
    synchronized (commitLock) {
      Head current = head;
      changes.checkRefs(current.refs::get);
      long version = current.version + 1;
      long count = current.nodeCount;
      long bytes = current.nodeBytes;
      for (Map.Entry<Hash, byte[]> put : changes.puts().entrySet()) {
        NodeVersion existing = nodes.get(put.getKey());
        if (existing == null || !existing.isLive()) {
          nodes.put(put.getKey(), new NodeVersion(put.getValue(), version, NodeVersion.LIVE, existing));
          count++;
          bytes += put.getValue().length;
          if (existing != null) {
            withHistory.add(put.getKey());
          }
        }
      }
      for (Hash id : changes.deletes()) {
        NodeVersion existing = nodes.get(id);
        if (existing != null && existing.isLive()) {
          nodes.put(id, new NodeVersion(existing.bytes(), existing.created(), version, existing.older()));
          count--;
          bytes -= existing.bytes().length;
          withHistory.add(id);
        }
      }
      TreePMap<String, Hash> refs = current.refs;
      for (Map.Entry<String, RefChange> change : changes.refs().entrySet()) {
        Hash value = change.getValue().value();
        refs = value == null ? refs.minus(change.getKey()) : refs.plus(change.getKey(), value);
      }
      pruneHistory(current.version);
      head = new Head(version, refs, count, bytes);
    }
  }

  /** Drops node versions that no snapshot at or after the oldest open one can see. */
  private void pruneHistory(long currentVersion) {
    long oldest = snapshots.oldest(currentVersion);
    if (withHistory.isEmpty() || oldest == prunedUpTo) {
      return;
    }
    prunedUpTo = oldest;
    List<Hash> settled = new ArrayList<>();
    for (Hash id : withHistory) {
      NodeVersion newest = nodes.get(id);
      NodeVersion pruned = NodeVersion.prune(newest, oldest);
      if (pruned == null) {
        nodes.remove(id);
        settled.add(id);
      } else {
        if (pruned != newest) {
          nodes.put(id, pruned);
        }
        if (pruned.older() == null && pruned.isLive()) {
          settled.add(id);
        }
      }
    }
    settled.forEach(withHistory::remove);
  }

  @Override
  protected StoreStats computeStats() {
    Head current = head;
    long heap = current.nodeBytes + current.nodeCount * NODE_OVERHEAD_BYTES + current.refs.size() * REF_OVERHEAD_BYTES;
    return StoreStats.of(current.nodeCount, current.nodeBytes, current.refs.size(), heap)
        .withFigure("commitVersion", current.version)
        .withFigure("deletedNodesAwaitingPruning", Math.max(0, nodes.size() - current.nodeCount));
  }

  @Override
  protected void closeStorage() {
    nodes.clear();
  }

  /** The latest commit: its version, refs and figures. Immutable. */
  private static final class Head {
    final long version;
    final TreePMap<String, Hash> refs;
    final long nodeCount;
    final long nodeBytes;

    Head(long version, TreePMap<String, Hash> refs, long nodeCount, long nodeBytes) {
      this.version = version;
      this.refs = refs;
      this.nodeCount = nodeCount;
      this.nodeBytes = nodeBytes;
    }
  }

  /** What one transaction reads: the node versions visible at its commit version, and its refs. */
  private final class VersionSnapshot extends RefMapSnapshot {
    private final long version;

    VersionSnapshot(long version, TreePMap<String, Hash> refs) {
      super(refs);
      this.version = version;
    }

    @Override
    public byte @Nullable [] get(Hash id) {
      return NodeVersion.visibleAt(nodes.get(id), version);
    }

    @Override
    public boolean contains(Hash id) {
      return NodeVersion.visibleAt(nodes.get(id), version) != null;
    }

    @Override
    public void forEachNode(Consumer<Hash> action) {
      nodes.forEach((id, history) -> {
        if (NodeVersion.visibleAt(history, version) != null) {
          action.accept(id);
        }
      });
    }

    @Override
    public void close() {
      snapshots.release(version);
    }
  }
}

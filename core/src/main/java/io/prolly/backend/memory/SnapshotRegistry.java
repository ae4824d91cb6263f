package io.prolly.backend.memory;

import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Counts the open snapshots per commit version, so old node versions are pruned only when no
 * snapshot can see them any more.
 */
final class SnapshotRegistry {

  private final ConcurrentSkipListMap<Long, Integer> open = new ConcurrentSkipListMap<>();

  void register(long version) {
    open.merge(version, 1, Integer::sum);
  }

  void release(long version) {
    open.computeIfPresent(version, (v, count) -> count == 1 ? null : count - 1);
  }

  /** Returns the oldest version an open snapshot reads, or {@code current} if there is none older. */
  long oldest(long current) {
    var first = open.firstEntry();
    return first == null ? current : Math.min(first.getKey(), current);
  }
}

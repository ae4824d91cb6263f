package io.prolly.backend.memory;

import org.jspecify.annotations.Nullable;

/**
 * One version of a node in its history, newest first: the bytes, the commit that stored them,
 * the commit that deleted them ({@link #LIVE} while they exist) and the version before.
 *
 * @param bytes the node
 * @param created the commit version that stored it
 * @param deleted the commit version that deleted it, or {@link #LIVE}
 * @param older the previous version of the same id, or null
 */
record NodeVersion(byte[] bytes, long created, long deleted, @Nullable NodeVersion older) {

  static final long LIVE = Long.MAX_VALUE;

  boolean isLive() {
    return deleted == LIVE;
  }

  /** Returns the bytes visible at a commit version, or null. */
  static byte @Nullable [] visibleAt(@Nullable NodeVersion newest, long version) {
    for (NodeVersion v = newest; v != null; v = v.older) {
      if (v.created <= version) {
        return v.deleted > version ? v.bytes : null;
      }
    }
    return null;
  }

  /**
   * Drops the versions no snapshot at {@code oldestVisible} or later can see.
   *
   * @return the pruned history, or null if nothing of it is visible any more
   */
  static @Nullable NodeVersion prune(@Nullable NodeVersion newest, long oldestVisible) {
    if (newest == null || newest.deleted <= oldestVisible) {
      return null;
    }
    // The newest version is still visible; keep older ones only while some snapshot may see them.
    NodeVersion older = newest.created <= oldestVisible ? null : prune(newest.older, oldestVisible);
    return older == newest.older ? newest : new NodeVersion(newest.bytes, newest.created, newest.deleted, older);
  }
}

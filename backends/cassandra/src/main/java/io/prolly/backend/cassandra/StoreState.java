package io.prolly.backend.cassandra;

import io.prolly.spi.Hash;
import java.util.NavigableMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The store's partition as one serial read saw it: the commit sequence number, the exact counters,
 * the purge horizon, the estimate of hidden bytes and every ref, all of one committed state.
 *
 * @param seq the sequence number of the latest commit (0 before the first)
 * @param nodeCount the exact number of nodes
 * @param nodeBytes the exact sum of their lengths
 * @param refs every ref, by name; not modified once read
 * @param horizon the purge horizon, in milliseconds since the epoch: a transaction whose rows were
 *     written before it can no longer commit, since compaction may have removed them
 * @param garbageBytes the estimate of what the versions that no longer count still take
 *     ({@link #ROW_OVERHEAD} a version plus its bytes)
 * @param garbageRun the compaction run that last set {@code garbageBytes}, or null
 */
record StoreState(long seq, long nodeCount, long nodeBytes, NavigableMap<String, Hash> refs, long horizon,
    long garbageBytes, @Nullable UUID garbageRun) {

  /** What a stored row costs besides its bytes, for the storage estimate. */
  static final long ROW_OVERHEAD = 64;
}

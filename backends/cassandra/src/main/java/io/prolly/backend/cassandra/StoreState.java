package io.prolly.backend.cassandra;

import io.prolly.spi.Hash;
import java.util.NavigableMap;

/**
 * The store's partition as one serial read saw it: the commit sequence number, the exact counters
 * and every ref, all of one committed state.
 *
 * @param seq the sequence number of the latest commit (0 before the first)
 * @param nodeCount the exact number of nodes
 * @param nodeBytes the exact sum of their lengths
 * @param refs every ref, by name; not modified once read
 */
record StoreState(long seq, long nodeCount, long nodeBytes, NavigableMap<String, Hash> refs) {}

package io.prolly.backend.cassandra;

import java.util.UUID;

/**
 * One version of a node, as its first row in {@code prolly_nodes} describes it: written by one
 * transaction, either the node's bytes (in {@code chunks} rows) or a delete mark.
 *
 * @param txn the transaction that wrote it
 * @param deleted whether it is a delete mark
 * @param size the node's length in bytes; 0 for a delete mark
 * @param chunks how many rows hold the bytes
 */
record NodeVersion(UUID txn, boolean deleted, int size, int chunks) {}

package io.prolly.backend.lmdb;

import io.prolly.error.CorruptStoreException;
import java.util.HexFormat;

import io.prolly.spi.Hash;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.KeyRange;
import org.lmdbjava.PutFlags;
import org.lmdbjava.Stat;
import org.lmdbjava.Txn;

/** The {@code nodes} database: node id (32 bytes) to node bytes. */
final class NodeTable {

  private final Dbi<byte[]> nodes;

  NodeTable(Dbi<byte[]> nodes) {
    this.nodes = nodes;
  }

  byte @Nullable [] get(Txn<byte[]> txn, Hash id) {
    return nodes.get(txn, id.toBytes());
  }

  /**
   * Lists up to {@code limit} ids in key order, starting after {@code after} (or at the first).
   * The cursor is closed before this returns, so no cursor outlives a call.
   */
  List<Hash> idsAfter(Txn<byte[]> txn, @Nullable Hash after, int limit) {
    List<Hash> ids = new ArrayList<>(limit);
    KeyRange<byte[]> range = after == null ? KeyRange.all() : KeyRange.greaterThan(after.toBytes());
    try (CursorIterable<byte[]> cursor = nodes.iterate(txn, range)) {
      for (CursorIterable.KeyVal<byte[]> entry : cursor) {
        ids.add(Hash.fromBytes(entry.key()));
        if (ids.size() == limit) {
          break;
        }
      }
    }
    return ids;
  }

  /**
   * Reads every node, checks it against its key, and returns their totals.
   *
   * @throws CorruptStoreException at the first entry whose key is not the hash of its bytes
   */
  NodeTotals checkAll(Txn<byte[]> txn, String location) {
    NodeTotals totals = NodeTotals.NONE;
    try (CursorIterable<byte[]> cursor = nodes.iterate(txn, KeyRange.all())) {
      for (CursorIterable.KeyVal<byte[]> entry : cursor) {
        if (entry.key().length != Hash.LENGTH || !Hash.of(entry.val()).equals(Hash.fromBytes(entry.key()))) {
          throw StoreDamage.found(location, "the node stored under " + HexFormat.of().formatHex(entry.key())
              + " does not hash to its key");
        }
        totals = totals.plus(entry.val().length);
      }
    }
    return totals;
  }

  /** Stores a node unless it exists; returns whether it was added. */
  boolean putIfAbsent(Txn<byte[]> txn, Hash id, byte[] node) {
    return nodes.put(txn, id.toBytes(), node, PutFlags.MDB_NOOVERWRITE);
  }

  /** Deletes a node; returns its length, or -1 if there was none. */
  int delete(Txn<byte[]> txn, Hash id) {
    byte[] key = id.toBytes();
    byte[] old = nodes.get(txn, key);
    if (old == null) {
      return -1;
    }
    nodes.delete(txn, key);
    return old.length;
  }

  Stat stat(Txn<byte[]> txn) {
    return nodes.stat(txn);
  }
}

package io.prolly.backend.lmdb;

import io.prolly.error.CorruptStoreException;
import io.prolly.spi.Hash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.KeyRange;
import org.lmdbjava.PutFlags;
import org.lmdbjava.Stat;
import org.lmdbjava.Txn;

/**
 * The {@code nodes} database, node id (32 bytes) to node bytes, and the {@code tails} database
 * that holds the last bytes of some nodes.
 *
 * <p>LMDB keeps a value of more than about half a page in overflow pages of its own, whole pages
 * each, and a page holds {@link NodeLayout#headUnit()} bytes of value. Most nodes are about the
 * chunker's 4 KiB target, so a node a little over one page's worth would take two pages, nearly
 * half of them empty. Such a node is stored split: its first whole pages' worth (a multiple of the
 * unit) in {@code nodes}, which fills its overflow pages exactly, and the short rest in
 * {@code tails}, where it shares a leaf page with other tails. A node is split only when its rest is
 * small enough to stay in a leaf page; otherwise it is stored whole. So a node whose bytes in
 * {@code nodes} are not a multiple of the unit has no tail, and only the others are looked up in
 * {@code tails}.
 */
final class NodeTable {

  private final Dbi<byte[]> nodes;
  private final Dbi<byte[]> tails;
  private final NodeLayout layout;

  NodeTable(Dbi<byte[]> nodes, Dbi<byte[]> tails, NodeLayout layout) {
    this.nodes = nodes;
    this.tails = tails;
    this.layout = layout;
  }

  byte @Nullable [] get(Txn<byte[]> txn, Hash id) {
    byte[] key = id.toBytes();
    byte[] head = nodes.get(txn, key);
    return head == null ? null : join(txn, key, head);
  }

  private byte[] join(Txn<byte[]> txn, byte[] key, byte[] head) {
    if (!layout.mayHaveTail(head.length)) {
      return head;
    }
    byte[] tail = tails.get(txn, key);
    if (tail == null) {
      return head;
    }
    byte[] node = Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, node, head.length, tail.length);
    return node;
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
   * Reads every node, checks it against its key, checks that every tail belongs to a node, and
   * returns the nodes' totals.
   *
   * @throws CorruptStoreException at the first entry whose key is not the hash of its bytes, or
   *     if a tail has no node
   */
  NodeTotals checkAll(Txn<byte[]> txn, String location) {
    NodeTotals totals = NodeTotals.NONE;
    long joined = 0;
    try (CursorIterable<byte[]> cursor = nodes.iterate(txn, KeyRange.all())) {
      for (CursorIterable.KeyVal<byte[]> entry : cursor) {
        byte[] node = join(txn, entry.key(), entry.val());
        if (entry.key().length != Hash.LENGTH || !Hash.of(node).equals(Hash.fromBytes(entry.key()))) {
          throw StoreDamage.found(location, "the node stored under " + HexFormat.of().formatHex(entry.key())
              + " does not hash to its key");
        }
        joined += node.length == entry.val().length ? 0 : 1;
        totals = totals.plus(node.length);
      }
    }
    long stored = tails.stat(txn).entries;
    if (stored != joined) {
      throw StoreDamage.found(location, "its tails database holds " + stored + " node tails, but only " + joined
          + " belong to a node");
    }
    return totals;
  }

  /** Stores a node unless it exists; returns whether it was added. */
  boolean putIfAbsent(Txn<byte[]> txn, Hash id, byte[] node) {
    byte[] key = id.toBytes();
    int headLength = layout.headLength(node.length);
    if (headLength == node.length) {
      return nodes.put(txn, key, node, PutFlags.MDB_NOOVERWRITE);
    }
    if (!nodes.put(txn, key, Arrays.copyOf(node, headLength), PutFlags.MDB_NOOVERWRITE)) {
      return false;
    }
    tails.put(txn, key, Arrays.copyOfRange(node, headLength, node.length));
    return true;
  }

  /** Deletes a node; returns its length, or -1 if there was none. */
  int delete(Txn<byte[]> txn, Hash id) {
    byte[] key = id.toBytes();
    byte[] head = nodes.get(txn, key);
    if (head == null) {
      return -1;
    }
    int length = head.length;
    nodes.delete(txn, key);
    if (layout.mayHaveTail(head.length)) {
      byte[] tail = tails.get(txn, key);
      if (tail != null) {
        length += tail.length;
        tails.delete(txn, key);
      }
    }
    return length;
  }

  Stat stat(Txn<byte[]> txn) {
    return nodes.stat(txn);
  }

  Stat tailStat(Txn<byte[]> txn) {
    return tails.stat(txn);
  }
}

package io.prolly.tree;

import io.prolly.spi.support.Arguments;
import io.prolly.error.CorruptNodeException;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Finds every node of a tree, blob chunks and blob indexes included, from the node bytes alone:
 * what garbage collection marks and verification checks. Reads straight from the transaction,
 * past any node cache, so a walk over a whole store does not evict what readers use.
 *
 * <p>Not thread-safe; use one per thread.
 */
public final class TreeNodes {

  private final ReadTransaction tx;

  /**
   * Creates a walker reading through a transaction.
   *
   * @param tx an open transaction
   * @throws IllegalArgumentException if {@code tx} is null
   */
  public TreeNodes(ReadTransaction tx) {
    Arguments.check(tx != null, "transaction is null");
    this.tx = tx;
  }

  /**
   * Visits the nodes of a tree depth-first. {@code enter} is asked about each node before it is
   * read; answering false skips the node and everything below it, which is how a caller walks
   * shared subtrees only once (answer false for ids already seen).
   *
   * @param root the tree's root
   * @param enter decides whether to read a node and visit its children
   * @throws CorruptNodeException if a node is missing or malformed
   * @throws IllegalArgumentException if an argument is null
   */
  public void walk(Hash root, Predicate<Hash> enter) {
    walk(root, enter, (id, bytes) -> { });
  }

  /**
   * Visits the nodes of a tree depth-first like {@link #walk(Hash, Predicate)}, handing each node
   * read to {@code visit}: what copying a tree to another store needs.
   *
   * @param root the tree's root
   * @param enter decides whether to read a node and visit its children
   * @param visit given the id and bytes of every node read, parents before children
   * @throws CorruptNodeException if a node is missing or malformed
   * @throws IllegalArgumentException if an argument is null
   */
  public void walk(Hash root, Predicate<Hash> enter, BiConsumer<Hash, byte[]> visit) {
    Arguments.check(root != null && enter != null && visit != null, "root and visitors must be non-null");
    Deque<Hash> todo = new ArrayDeque<>();
    if (enter.test(root)) {
      todo.push(root);
    }
    while (!todo.isEmpty()) {
      Hash id = todo.pop();
      if (id.equals(NodeFormat.EMPTY_LEAF_HASH)) {
        continue; // the empty tree's root is implied, never stored
      }
      byte[] bytes = tx.get(id);
      if (bytes == null) {
        throw new CorruptNodeException(id, "node " + id.toShortHex()
            + " is missing although a tree refers to it; the store has lost data");
      }
      visit.accept(id, bytes);
      for (Hash child : NodeFormat.references(id, bytes)) {
        if (enter.test(child)) {
          todo.push(child);
        }
      }
    }
  }

  /**
   * Returns the nodes a tree node refers to, from its bytes alone: an internal node's children,
   * the blobs a leaf's values are stored in, a blob index's children.
   *
   * @param id the node's hash, for error messages
   * @param bytes the node
   * @return the referenced hashes, in order
   * @throws CorruptNodeException if the bytes are not a well-formed tree or blob node
   */
  public static List<Hash> references(Hash id, byte[] bytes) {
    return NodeFormat.references(id, bytes);
  }

  /**
   * Returns a node's height from its bytes: a tree node's level (0 for a leaf), a blob index's
   * level (1 if its children are chunks), 0 for a blob chunk. Every node a tree or blob node
   * refers to below itself is one lower, except a leaf's blobs, which start a tree of their own.
   *
   * @param id the node's hash, for error messages
   * @param bytes the node
   * @return 0 to 255
   * @throws CorruptNodeException if the bytes are not a tree or blob node
   */
  public static int level(Hash id, byte[] bytes) {
    if (bytes.length < 3 || bytes[0] != NodeFormat.VERSION || bytes[1] < NodeFormat.KIND_TREE
        || bytes[1] > NodeFormat.KIND_BLOB_INDEX) {
      throw new CorruptNodeException(id, "node " + id.toShortHex() + " is not a tree or blob node of format version "
          + NodeFormat.VERSION);
    }
    return bytes[1] == NodeFormat.KIND_BLOB_CHUNK ? 0 : bytes[2] & 0xFF;
  }

  /**
   * Returns the values a leaf keeps inline, in key order; nothing for an internal node, a blob
   * node, or a value stored as a blob. What a namespace registry's leaf holds: encoded trees.
   *
   * @param id the node's hash, for error messages
   * @param bytes the node
   * @return the inline values
   * @throws CorruptNodeException if the bytes are not a well-formed node
   */
  public static List<byte[]> inlineLeafValues(Hash id, byte[] bytes) {
    return inlineLeafEntries(id, bytes).stream().map(Entry::value).toList();
  }

  /**
   * Returns the entries a leaf keeps inline, key and value, in key order: as
   * {@link #inlineLeafValues} with their keys (a namespace registry's keys are namespace paths).
   *
   * @param id the node's hash, for error messages
   * @param bytes the node
   * @return the inline entries
   * @throws CorruptNodeException if the bytes are not a well-formed node
   */
  public static List<Entry> inlineLeafEntries(Hash id, byte[] bytes) {
    List<Entry> entries = new java.util.ArrayList<>();
    if (bytes.length > 1 && bytes[1] != NodeFormat.KIND_TREE) {
      return entries;
    }
    Node node = Node.decode(id, bytes);
    if (node.isLeaf()) {
      for (int i = 0; i < node.size(); i++) {
        if (!StoredValue.isBlob(node.value(i))) {
          entries.add(new Entry(node.key(i), StoredValue.inlineBytes(node.value(i))));
        }
      }
    }
    return entries;
  }

  /**
   * Tells, without decoding the node, whether it is a leaf whose values are all stored inline, so
   * that it refers to no other node: what a walk over nodes it trusts (its own store's) asks of
   * every leaf instead of {@link #references}, which checks the whole node (key order, every
   * value) to find the blobs a leaf holds. Reads only the header, the value table and each value's
   * tag byte. A node that is not such a leaf, or not well-formed as far as these bytes tell,
   * answers false: ask {@link #references}, which decodes and checks it.
   *
   * @param bytes the node
   * @return true only for a leaf with entries and no blob reference
   */
  public static boolean isInlineLeaf(byte[] bytes) {
    return NodeFormat.isInlineLeaf(bytes);
  }

  /**
   * Tells whether a node is a tree node of level 1, whose children are all leaves: how a walk
   * knows that a child is a leaf before it reads it.
   *
   * @param bytes the node
   * @return true for an internal node just above the leaves
   */
  public static boolean isAboveLeaves(byte[] bytes) {
    return bytes.length > 2 && bytes[1] == NodeFormat.KIND_TREE && bytes[2] == 1;
  }

  /**
   * Tells whether a hash is the empty tree's root, which is implied and never stored.
   *
   * @param id a node id
   * @return true for the empty leaf
   */
  public static boolean isEmptyTree(Hash id) {
    return id.equals(NodeFormat.EMPTY_LEAF_HASH);
  }
}

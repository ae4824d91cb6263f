package io.prolly.tree;

import io.prolly.error.CorruptNodeException;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import org.jspecify.annotations.Nullable;

/**
 * Reads nodes through a transaction and a {@link NodeCache}, and also sees the nodes an operation
 * has made but not yet handed to its transaction. The empty tree's root is known without reading,
 * so an empty tree needs nothing in the store.
 */
final class NodeLoader {

  private static final Node EMPTY_LEAF = Node.decode(NodeFormat.EMPTY_LEAF_HASH, NodeFormat.EMPTY_LEAF);

  private final ReadTransaction tx;
  private final NodeCache cache;
  private final @Nullable NodeSink pending;

  NodeLoader(ReadTransaction tx, NodeCache cache, @Nullable NodeSink pending) {
    this.tx = tx;
    this.cache = cache;
    this.pending = pending;
  }

  /**
   * Reads a node.
   *
   * @throws CorruptNodeException if the node is missing or malformed
   */
  Node load(Hash id) {
    if (id.equals(NodeFormat.EMPTY_LEAF_HASH)) {
      return EMPTY_LEAF;
    }
    byte[] made = pending == null ? null : pending.pending(id);
    if (made != null) {
      return Node.decode(id, made); // not cached: the transaction that makes it may never commit
    }
    return cache.get(id, this::fetch);
  }

  /**
   * Reads a node of a large value.
   *
   * @throws CorruptNodeException if the node is missing or malformed
   */
  BlobNode loadBlob(Hash id) {
    byte[] made = pending == null ? null : pending.pending(id);
    return made != null ? BlobNode.decode(id, made) : cache.getBlob(id, this::fetch);
  }

  private byte[] fetch(Hash id) {
    byte[] bytes = tx.get(id);
    if (bytes == null) {
      throw new CorruptNodeException(id, "node " + id + " of a tree is missing from the store; "
          + "the store is damaged or lost nodes that are still in use: run a verification");
    }
    return bytes;
  }
}

package io.prolly;

import io.prolly.error.CorruptNodeException;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.WriteTransaction;
import io.prolly.spi.support.ForwardingNodeStore;
import io.prolly.spi.support.ForwardingReadTransaction;
import io.prolly.spi.support.ForwardingWriteTransaction;
import org.jspecify.annotations.Nullable;

/**
 * A store whose transactions check every node they read against its id, so that a damaged node
 * surfaces as {@link CorruptNodeException} wherever the repository reads one: in trees, commits,
 * garbage collection (where a damaged node read unchecked could hide the nodes it refers to and
 * get them deleted) and transfers to another store (which would copy the damage). The repository
 * reads each tree node once into its cache, so this costs one SHA-256 per node loaded; it is why
 * the repository opens its backends with {@link StoreConfig#VERIFY_NODES} off.
 *
 * <p>Thread-safe if the store is.
 */
final class VerifyingNodeStore extends ForwardingNodeStore {

  VerifyingNodeStore(NodeStore store) {
    super(store);
  }

  @Override
  public ReadTransaction beginRead() {
    return new VerifyingRead(delegate().beginRead(), delegate());
  }

  @Override
  public WriteTransaction beginWrite() {
    return new VerifyingWrite(delegate().beginWrite(), delegate());
  }

  private static byte @Nullable [] verified(Hash id, byte @Nullable [] node, NodeStore store) {
    if (node != null) {
      Hash actual = Hash.of(node);
      if (!actual.equals(id)) {
        throw new CorruptNodeException(id, "node " + id.toShortHex() + " read from '" + store.config()
            + "' has bytes that hash to " + actual.toShortHex() + ", not to its id; the store is damaged."
            + " Run Repository.verify() to find every damaged node, and restore the store from a backup or a clone");
      }
    }
    return node;
  }

  private static final class VerifyingRead extends ForwardingReadTransaction {
    private final NodeStore store;

    VerifyingRead(ReadTransaction delegate, NodeStore store) {
      super(delegate);
      this.store = store;
    }

    @Override
    public byte @Nullable [] get(Hash id) {
      return verified(id, super.get(id), store);
    }
  }

  private static final class VerifyingWrite extends ForwardingWriteTransaction {
    private final NodeStore store;

    VerifyingWrite(WriteTransaction delegate, NodeStore store) {
      super(delegate);
      this.store = store;
    }

    @Override
    public byte @Nullable [] get(Hash id) {
      return verified(id, super.get(id), store);
    }
  }
}

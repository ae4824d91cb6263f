package io.prolly.commit;

import io.prolly.error.CorruptNodeException;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import org.jspecify.annotations.Nullable;

/** Reads commits by id: from a store, or from a cache in front of one. */
@FunctionalInterface
public interface CommitSource {

  /**
   * Reads a commit.
   *
   * @param id the commit's id
   * @return the commit
   * @throws CorruptNodeException if there is no such node or it is not a commit
   */
  Commit read(Hash id);

  /**
   * Reads commits through a transaction.
   *
   * @param tx an open transaction; the source is usable while it is
   * @return the source
   */
  static CommitSource of(ReadTransaction tx) {
    return id -> stored(id, tx.get(id));
  }

  /**
   * Decodes a commit read from a store.
   *
   * @param id the commit's id
   * @param node what the store holds under it, null if nothing
   * @return the commit
   * @throws CorruptNodeException if {@code node} is null or not a commit
   */
  static Commit stored(Hash id, byte @Nullable [] node) {
    if (node == null) {
      throw new CorruptNodeException(id, "commit " + id.toShortHex()
          + " is missing from the store although something refers to it; verify the store");
    }
    return Commit.decode(id, node);
  }
}

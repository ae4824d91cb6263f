package io.prolly.spi.support;

import io.prolly.error.ConcurrencyException;
import io.prolly.spi.Hash;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Everything one write transaction changes, handed to {@link AbstractNodeStore#apply} at commit.
 * The collections are unmodifiable; a node id is never both in {@link #puts()} and in
 * {@link #deletes()}.
 *
 * @param puts nodes to store, by id (storing an existing node changes nothing)
 * @param deletes ids of nodes to delete (deleting an absent node changes nothing)
 * @param refs ref changes by name, each with its compare-and-set expectation
 */
public record Changes(Map<Hash, byte[]> puts, Set<Hash> deletes, Map<String, RefChange> refs) {

  /**
   * Checks the parts.
   *
   * @throws IllegalArgumentException if a part is null
   */
  public Changes {
    Arguments.notNull(puts, "puts");
    Arguments.notNull(deletes, "deletes");
    Arguments.notNull(refs, "refs");
  }

  /**
   * Checks every ref expectation against the latest committed state. Call it while holding the
   * backend's commit lock, before writing anything.
   *
   * @param committedRef reads a ref's latest committed value, or null if absent
   * @throws ConcurrencyException for the first ref whose value is not the expected one
   */
  public void checkRefs(Function<String, @Nullable Hash> committedRef) {
    Arguments.notNull(committedRef, "committedRef");
    for (Map.Entry<String, RefChange> change : refs.entrySet()) {
      Hash actual = committedRef.apply(change.getKey());
      Hash expected = change.getValue().expected();
      if (!Objects.equals(actual, expected)) {
        throw new ConcurrencyException("ref '" + change.getKey() + "' was changed by another transaction: expected "
            + describe(expected) + " but it is " + describe(actual)
            + "; nothing was committed, read the ref again and retry");
      }
    }
  }

  /**
   * Tells whether the transaction changed nothing.
   *
   * @return true if there are no puts, deletes or ref changes
   */
  public boolean isEmpty() {
    return puts.isEmpty() && deletes.isEmpty() && refs.isEmpty();
  }

  /**
   * Returns the bytes of the nodes put, with their ids: about what the changes take in storage,
   * for a backend that must tell whether a failed write ran out of space, or grow its storage.
   *
   * @return the sum of the lengths of the nodes put and of their ids
   */
  public long putBytes() {
    long bytes = 0;
    for (byte[] node : puts.values()) {
      bytes += node.length + Hash.LENGTH;
    }
    return bytes;
  }

  static String describe(@Nullable Hash hash) {
    return hash == null ? "absent" : hash.toShortHex();
  }
}

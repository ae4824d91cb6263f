package io.prolly.spi;

import io.prolly.error.StoreClosedException;
import java.util.SortedMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A consistent, read-only view of a {@link NodeStore}: every read sees the committed state as it
 * was when the transaction began, whatever other transactions commit meanwhile.
 *
 * <p>A transaction is not thread-safe: use it from one thread at a time, and close it promptly,
 * since an open snapshot may hold back space reclamation in the backend. After the store is
 * closed, every method but {@link #close()} throws {@link io.prolly.error.StoreClosedException}; after
 * the transaction itself ends, they throw {@link IllegalStateException}.
 */
public interface ReadTransaction extends AutoCloseable {

  /**
   * Reads a node.
   *
   * @param id the node's id
   * @return the node's bytes, exactly as written, or null if there is no such node; the caller
   *     must not modify the array, which the store may share
   * @throws IllegalArgumentException if {@code id} is null
   * @throws io.prolly.error.CorruptNodeException if the stored node is damaged (see
   *     {@link StoreConfig#VERIFY_NODES})
   */
  byte @Nullable [] get(Hash id);

  /**
   * Tells whether a node exists.
   *
   * @param id the node's id
   * @return true if the node exists in this transaction's view
   * @throws IllegalArgumentException if {@code id} is null
   */
  boolean contains(Hash id);

  /**
   * Reads a ref.
   *
   * @param name a valid ref name (see {@link RefName})
   * @return the id the ref points to, or null if there is no such ref
   * @throws IllegalArgumentException if {@code name} is not a valid ref name
   */
  @Nullable Hash ref(String name);

  /**
   * Lists the refs whose names start with a prefix.
   *
   * @param prefix any string, possibly empty (all refs); it need not be a valid ref name
   * @return an unmodifiable map from ref name to id, sorted by name
   * @throws IllegalArgumentException if {@code prefix} is null
   */
  SortedMap<String, Hash> refs(String prefix);

  /**
   * Calls an action once for the id of every node in this transaction's view, in no particular
   * order. Used for garbage collection, verification and migration.
   *
   * @param action called once per node; it must not use this transaction
   * @throws IllegalArgumentException if {@code action} is null
   */
  void forEachNode(Consumer<Hash> action);

  /** Ends the transaction and releases its snapshot. Calling it again does nothing. */
  @Override
  void close();
}

package io.prolly.spi;

import io.prolly.error.ConcurrencyException;
import io.prolly.error.StoreClosedException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A transaction that changes nodes and refs, all or nothing.
 *
 * <p>It reads the committed state as of its start plus its own changes (read-your-writes). Its
 * changes stay invisible to every other transaction until {@link #commit()} applies all of them
 * atomically. {@link #rollback()}, or {@link #close()} without a commit, discards them.
 *
 * <p>Ref changes are compare-and-set: each {@link #setRef} names the value it expects. A failed
 * expectation at commit fails the whole transaction with {@link io.prolly.error.ConcurrencyException},
 * and nothing of it is applied; the caller reads the new state and tries again. Retry loops live
 * above the SPI, never inside a backend.
 *
 * <p>A write transaction is not thread-safe: use it from one thread at a time. It may be read
 * from another thread while its owner waits, but it must be committed or rolled back on the thread
 * that began it.
 */
public interface WriteTransaction extends ReadTransaction {

  /**
   * Stores a node. Storing a node that already exists does nothing.
   *
   * @param id the node's id, which by convention is {@link Hash#of(byte[]) Hash.of(node)}; the
   *     store does not check it
   * @param node 0 to {@link NodeStore#MAX_NODE_SIZE} bytes; the store may keep the array, so the
   *     caller must not modify it afterwards
   * @throws IllegalArgumentException if {@code id} or {@code node} is null or the node is too big
   */
  void put(Hash id, byte[] node);

  /**
   * Stores many nodes; the same as calling {@link #put} for each entry, often faster.
   *
   * @param nodes ids and nodes, each as for {@link #put}
   * @throws IllegalArgumentException if the map, an id or a node is null or a node is too big;
   *     then none of the nodes is staged
   */
  void putAll(Map<Hash, byte[]> nodes);

  /**
   * Deletes a node. Deleting a node that does not exist does nothing. Only garbage collection
   * deletes nodes: the store does not check whether something still refers to it.
   *
   * @param id the node's id
   * @throws IllegalArgumentException if {@code id} is null
   */
  void delete(Hash id);

  /**
   * Moves, creates or deletes a ref if it has the expected value.
   *
   * <p>The expectation is checked twice: at once against this transaction's view (its snapshot
   * plus its own earlier ref changes), and again at {@link #commit()} against the latest
   * committed state. Setting a ref to the value it has ({@code expected} equal to {@code value})
   * is an assertion of that value, checked at commit like any other change.
   *
   * @param name a valid ref name (see {@link RefName})
   * @param expected the value the ref must have now, or null if it must not exist
   * @param value the new value, or null to delete the ref
   * @throws IllegalArgumentException if {@code name} is not a valid ref name
   * @throws io.prolly.error.ConcurrencyException if the ref does not have the expected value in this
   *     transaction's view; the transaction stays open and unchanged
   */
  void setRef(String name, @Nullable Hash expected, @Nullable Hash value);

  /**
   * Applies every change of this transaction atomically and ends it. With
   * {@link Durability#IMMEDIATE}, the changes are on stable storage when this returns.
   *
   * @throws io.prolly.error.ConcurrencyException if a ref no longer has the expected value; nothing is
   *     applied, now or later (none of its nodes, deletes or ref changes may surface with later
   *     commits or after reopening), and the transaction is rolled back
   * @throws io.prolly.error.StorageFullException if the storage has no room for the changes;
   *     nothing is applied, the store stays usable, and the same changes commit once space is freed
   * @throws io.prolly.error.StoreClosedException if the store was closed; nothing is applied
   * @throws IllegalStateException if the transaction has already ended
   */
  void commit();

  /** Discards every change of this transaction and ends it. Does nothing if it has ended. */
  void rollback();

  /** Rolls the transaction back unless it was committed. Calling it again does nothing. */
  @Override
  void close();
}

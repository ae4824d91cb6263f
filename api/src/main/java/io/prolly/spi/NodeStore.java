package io.prolly.spi;

import io.prolly.error.ConcurrencyException;
import io.prolly.error.StoreClosedException;

/**
 * A backend's storage: immutable nodes addressed by their {@link Hash}, and mutable named refs.
 *
 * <p>A node store is not a key-value store for application data; it knows nothing of trees,
 * commits or branches, which Prolly builds on top. It only has to keep bytes verbatim, move refs
 * with compare-and-set, and give each transaction a consistent view. The rules:
 *
 * <ul>
 *   <li><b>Atomicity</b>: a {@link WriteTransaction#commit()} applies every put, delete and ref
 *       change of the transaction, or none of them, also across a crash of the process.
 *   <li><b>Ref compare-and-set</b>: every {@link WriteTransaction#setRef ref change} names the
 *       value it expects; at commit each is checked against the latest committed state, and one
 *       mismatch fails the whole transaction with {@link io.prolly.error.ConcurrencyException}.
 *   <li><b>Isolation</b>: a transaction sees one committed state, fixed when it began, plus its
 *       own changes; uncommitted changes of other transactions are never visible.
 *   <li><b>Durability</b> as configured by {@link StoreConfig#durability()}; after
 *       {@link #close()} and a new open, every committed change is there.
 *   <li><b>Limits</b>: nodes of 0 to {@link #MAX_NODE_SIZE} bytes come back byte-identical; ref
 *       names follow {@link RefName}.
 *   <li><b>Lifecycle</b>: after {@link #close()}, every method of the store and of its
 *       transactions throws {@link io.prolly.error.StoreClosedException}, except the {@code close} and
 *       {@code rollback} methods, which do nothing.
 *   <li><b>Damage</b>: a damaged store never yields wrong data: opening it throws
 *       {@link io.prolly.error.CorruptStoreException} naming the location, or reading a damaged
 *       node throws {@link io.prolly.error.CorruptNodeException}; never wrong bytes, counts or
 *       refs, another exception, or a crash or hang of the JVM.
 *   <li><b>A full disk</b> fails the commit that does not fit with
 *       {@link io.prolly.error.StorageFullException}, loses no acknowledged commit, and leaves a
 *       store that reads and, once space is freed, commits again through the same handle.
 * </ul>
 *
 * <p>Node stores are thread-safe: any number of threads may run transactions at once. A single
 * transaction belongs to one thread at a time. {@link #beginWrite()} may block while another
 * write transaction commits; backends may also serialise whole write transactions, so a thread
 * must not begin a second write transaction while it holds one.
 */
public interface NodeStore extends AutoCloseable {

  /** The largest node, in bytes, that every backend must store: 16 MiB. */
  int MAX_NODE_SIZE = 16 * 1024 * 1024;

  /**
   * Returns the configuration this store was opened with.
   *
   * @return the configuration
   */
  StoreConfig config();

  /**
   * Begins a read-only transaction on the latest committed state.
   *
   * @return a transaction the caller must close, preferably with try-with-resources
   * @throws io.prolly.error.StoreClosedException if the store was closed
   */
  ReadTransaction beginRead();

  /**
   * Begins a transaction that can change nodes and refs. It sees the latest committed state
   * plus its own changes, which become visible to others only when it commits.
   *
   * @return a transaction the caller must commit or roll back; closing it without commit rolls
   *     it back
   * @throws io.prolly.error.StoreClosedException if the store was closed
   */
  WriteTransaction beginWrite();

  /**
   * Returns figures about the committed state: exact node, node byte and ref counts, also after
   * reopening, and what the backend can tell about its storage.
   *
   * @return a snapshot of the figures
   * @throws io.prolly.error.StoreClosedException if the store was closed
   */
  StoreStats stats();

  /**
   * Gives back the storage that deleted nodes still occupy, where the engine can: rewrites or
   * merges what holds them so that files shrink or their space is reused. Garbage collection
   * calls it after deleting unreachable nodes when asked to compact. It changes no data: every
   * node and ref reads the same before and after, also to transactions open meanwhile, which may
   * run concurrently and keep their snapshots. It may take long and need free space for a copy
   * of the live data while it runs.
   *
   * <p>The default does nothing, for engines that reuse freed space by themselves or cannot give
   * it back; a backend documents what its compaction does.
   *
   * @throws io.prolly.error.StoreClosedException if the store was closed (by backends that check)
   * @throws io.prolly.error.ProllyException if the engine fails; nothing is lost then
   */
  default void compact() {
    // Nothing to give back, or nothing the engine can do.
  }

  /**
   * Closes the store: rolls back every transaction still open, makes committed data durable and
   * releases files, locks and native resources. It waits for operations already running on
   * other threads, so it must not be called from inside a callback of one of this store's
   * transactions (such as a {@link ReadTransaction#forEachNode} action). An operation running on
   * another thread meanwhile either completes or throws
   * {@link io.prolly.error.StoreClosedException}; nothing else. Calling it again does nothing.
   */
  @Override
  void close();
}

package io.prolly;

import io.prolly.error.CorruptNodeException;
import io.prolly.error.RevisionNotFoundException;
import io.prolly.spi.StoreStats;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The upkeep of a {@link Repository}, from {@link Repository#maintenance()}: garbage collection,
 * history retention, automatic collection, checking and the storage figures. Rarely called by
 * application code, so kept apart from the everyday operations, as Caffeine keeps its
 * {@code cache.policy()}.
 *
 * <p>Thread-safe, like the repository it belongs to.
 */
public interface Maintenance {

  /**
   * Deletes every node that no branch, tag or live store reaches any more: commits dropped by
   * {@link Repository#reset} or {@link Repository#deleteBranch}, trees and values only they held,
   * nodes of failed merges. Safe while other threads read and commit through this repository: the long marking
   * runs beside them, and each bounded deletion batch waits for the write transactions in flight,
   * brings the mark up to date and holds new commits back only while it deletes (see the
   * protocol in the class documentation of the collector). Also safe while other processes
   * write to the same store (a server backend shared by several instances): each batch fails
   * their write transactions in flight, which are retried, and holds new ones back until it ends.
   * Stores whose base commit was dropped can no longer read it afterwards.
   *
   * @return what was collected
   * @throws CorruptNodeException if a reachable node is missing; nothing more is deleted then
   */
  GcReport gc();

  /**
   * Asks the backend to give back the disk space that deleted nodes still occupy, typically after
   * {@link #gc()}: the file backend rewrites its file down to the live data and truncates it,
   * RocksDB compacts its tables, PostgreSQL vacuums the tables; LMDB reuses freed pages for later
   * commits by itself and does nothing here (its file never shrinks). It changes no data and is
   * safe while others read and commit, though commits may wait while the file backend compacts.
   * It may take about as long as writing the live data once, and needs room for it on the disk.
   *
   * @return the storage figures afterwards
   * @throws io.prolly.error.ProllyException if the backend fails; committed data stays intact
   */
  StoreStats compact();

  /**
   * Applies every branch's {@link #setRetention retention}, then collects garbage.
   *
   * @return what the collection freed
   */
  GcReport maintain();

  /**
   * Checks everything reachable, like {@code git fsck}: every ref's commits, namespace registries,
   * namespace trees and large values are present, hash to their ids, decode, and agree with each
   * other (levels, subtree counts, key order). All of it is read through one transaction, so the
   * check sees one instant while others keep committing. On a partial clone what it lacks on
   * purpose (history beyond its shallow boundary, namespaces it did not clone) is not checked and
   * is no problem; {@link VerifyReport#partial()} says what it is.
   *
   * @return every problem found, with the path from a ref to the damaged node
   */
  VerifyReport verify();

  /**
   * Checks everything reachable, like {@link #verify()}, telling a listener how far it got after
   * each commit.
   *
   * @param progress called with the report so far after each commit is checked
   * @return every problem found
   * @throws IllegalArgumentException if {@code progress} is null
   */
  VerifyReport verify(Consumer<VerifyReport> progress);

  /**
   * Keeps only the newest history of a branch now: see {@link Retention}. The branch's content is
   * unchanged; the kept commits get new ids (their parents change), so stores based on the old
   * head merge their next commit as after any other move of the branch.
   *
   * @param branch the branch
   * @param retention what to keep
   * @return how many old commits left the branch's history
   * @throws RevisionNotFoundException if there is no such branch
   * @throws IllegalArgumentException if an argument is null or the branch name is invalid
   */
  int squashHistory(String branch, Retention retention);

  /**
   * Sets the history a branch keeps when this repository maintains itself
   * ({@link #maintain()}, or automatically past the high-water mark).
   *
   * @param branch the branch
   * @param policy what to keep, or null to keep everything again
   * @throws IllegalArgumentException if the branch name is invalid
   */
  void setRetention(String branch, @Nullable Retention policy);

  /**
   * Maintains the repository automatically: when its nodes pass {@code highWaterBytes}, a
   * background thread applies the retention policies and collects garbage, aiming below
   * {@code lowWaterBytes} (only unreachable data can go, so keep the policies tight enough).
   * Committers never wait for it beyond one sweep batch.
   *
   * @param highWaterBytes bytes of nodes that start a collection; 0 turns it off
   * @param lowWaterBytes where a collection aims, below the high-water mark
   * @throws IllegalArgumentException if a mark is negative or low is not below high
   */
  void collectAutomatically(long highWaterBytes, long lowWaterBytes);

  /**
   * Maintains the repository automatically with the low-water mark at 80 % of the high one: see
   * {@link #collectAutomatically(long, long)}.
   *
   * @param highWaterBytes bytes of nodes that start a collection; 0 turns it off
   * @throws IllegalArgumentException if the mark is negative
   */
  void collectAutomatically(long highWaterBytes);

  /**
   * Returns the storage backend's figures.
   *
   * @return node count, bytes and the backend's own figures
   */
  StoreStats stats();

  /**
   * Returns how full the repository's cache of decoded nodes is now, and its hits, misses and
   * evictions since the repository opened ({@link NodeCacheStats#hitRate()}). Cheap: no backend is
   * read. Its size is {@link Prolly#NODE_CACHE_SIZE}.
   *
   * @return the cache's size and counts
   */
  NodeCacheStats cacheStats();

  /**
   * Returns the scheme of the backend that stores the repository, such as {@code file},
   * {@code lmdb} or {@code memory}: the {@code backend} tag of its metrics.
   *
   * @return the scheme
   */
  String backend();
}

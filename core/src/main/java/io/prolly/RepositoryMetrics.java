package io.prolly;

/**
 * Hears what a repository does, for metrics: commits, merges, lost races, node reads and writes,
 * node cache hits, misses and evictions, garbage collections, verifications and transfers. Install
 * one with {@link Repository#setMetrics}; {@code prolly-micrometer} binds one to a Micrometer
 * {@code MeterRegistry}. Like Caffeine's {@code StatsCounter}, it is told each event as plain
 * numbers and keeps its own figures; the sizes of the node cache, which are state rather than
 * events, are read with {@link Maintenance#cacheStats()}.
 *
 * <p>Every method does nothing by default, so an implementation overrides what it records, and
 * {@link #NONE} (the default of every repository) records nothing: with it, the repository
 * skips the bookkeeping that only metrics need. Events a future version adds come as new methods
 * that do nothing by default.
 *
 * <p>Called on the thread that did the work, often on hot paths (every node cache lookup), and
 * concurrently from many threads: methods must be thread-safe, return quickly, allocate nothing
 * if they can and throw nothing. What a method throws escapes from the operation that reported
 * it, which may already have committed.
 */
public interface RepositoryMetrics {

  /** Records nothing; the default. */
  RepositoryMetrics NONE = new RepositoryMetrics() { };

  /** How a commit or a merge ended. */
  enum Outcome {
    /** A commit on a branch that had not moved since the store read it. */
    COMMITTED,
    /** A commit merged with a branch that had moved, or a merge that made a merge commit. */
    MERGED,
    /** A merge found the branch already containing the source; nothing was written. */
    UP_TO_DATE,
    /** A merge moved the branch forward to the source without a merge commit. */
    FAST_FORWARD,
    /** Keys stayed unresolved ({@link io.prolly.error.MergeConflictException}); nothing was written. */
    CONFLICT,
    /** Any other failure, such as a validator's refusal or too many lost races; nothing was written. */
    FAILED
  }

  /** Which kind of transfer moved nodes. */
  enum TransferKind {
    /** {@link Transfer#cloneInto}. */
    CLONE,
    /** {@link Transfer#copyInto}. */
    COPY,
    /** {@link Transfer#push}. */
    PUSH,
    /** {@link Transfer#pull}: the nodes fetched. */
    PULL,
    /** {@link Transfer#exportBundle}. */
    BUNDLE_EXPORT,
    /** {@link Transfer#importBundle}. */
    BUNDLE_IMPORT
  }

  /**
   * A {@link Store#commit(String)} or {@link LiveStore} write ended.
   *
   * @param outcome {@link Outcome#COMMITTED}, {@link Outcome#MERGED} (the branch had moved; this
   *     is also the merge of a commit), {@link Outcome#CONFLICT} or {@link Outcome#FAILED}
   * @param attempts how many times it was tried; more than one after lost races
   * @param nanos how long it took, all attempts included
   */
  default void commit(Outcome outcome, int attempts, long nanos) { }

  /**
   * A branch merge ended: {@link Repository#merge}, and the merge of a {@link Transfer#pull}.
   *
   * @param outcome {@link Outcome#UP_TO_DATE}, {@link Outcome#FAST_FORWARD}, {@link Outcome#MERGED},
   *     {@link Outcome#CONFLICT} or {@link Outcome#FAILED}
   * @param nanos how long it took
   */
  default void merge(Outcome outcome, long nanos) { }

  /**
   * A write transaction lost a ref compare-and-set to another writer and wrote nothing. The
   * operation tries again (up to 100 times), except a bundle import.
   */
  default void raceLost() { }

  /**
   * A read transaction ended that read nodes from the backend; node cache hits read nothing.
   *
   * @param nodes the nodes read
   * @param bytes their bytes
   */
  default void nodesRead(long nodes, long bytes) { }

  /**
   * A write transaction committed nodes to the backend.
   *
   * @param nodes the nodes written, including any the backend already held
   * @param bytes their bytes
   */
  default void nodesWritten(long nodes, long bytes) { }

  /**
   * Node cache lookups found their nodes.
   *
   * @param count how many
   */
  default void cacheHits(int count) { }

  /**
   * Node cache lookups did not find their nodes, which were read from the backend.
   *
   * @param count how many
   */
  default void cacheMisses(int count) { }

  /**
   * The node cache dropped a node to stay within its size.
   *
   * @param bytes what the node weighed: its bytes and the cost of holding it
   */
  default void cacheEviction(long bytes) { }

  /** A garbage collection started ({@link Maintenance#gc()}, automatic or not). */
  default void gcStarted() { }

  /**
   * A garbage collection ended.
   *
   * @param completed false if it failed or was interrupted
   * @param nodesDeleted nodes it deleted
   * @param nanos how long it took
   */
  default void gcFinished(boolean completed, long nodesDeleted, long nanos) { }

  /**
   * A {@link Maintenance#verify()} ended.
   *
   * @param problems the problems it found; 0 for a sound repository
   * @param nodes the nodes it checked
   * @param bytes their bytes
   * @param nanos how long it took
   */
  default void verified(int problems, long nodes, long bytes, long nanos) { }

  /**
   * A transfer this repository ran completed.
   *
   * @param kind what it was
   * @param nodes the nodes it sent, received or wrote into a bundle
   * @param bytes their bytes, uncompressed
   * @param nanos how long it took
   */
  default void transferred(TransferKind kind, long nodes, long bytes, long nanos) { }
}

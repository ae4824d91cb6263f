package io.prolly;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Turns for the committers of one {@link Repository}, one queue per ref. A commit races the
 * others optimistically for its first {@value #FREE_ATTEMPTS} attempts; after that it waits for
 * the ref's turn, and while anyone holds or waits for the turn every new attempt queues too. So
 * writers in one process cannot starve one another however loaded the machine is, while writers
 * in other processes still race through the ref's compare-and-set, which stays the only thing
 * that makes a commit safe: the turn only orders attempts, it never skips the check.
 *
 * <p>Thread-safe. Turns are fair (first come, first served) and reentrant, so a merge function
 * that commits to the same ref from the committing thread does not deadlock.
 */
final class CommitTurns {

  /** Attempts a commit makes before it queues for its ref's turn. */
  static final int FREE_ATTEMPTS = 3;

  private final ConcurrentMap<String, ReentrantLock> turns = new ConcurrentHashMap<>();

  /**
   * Runs one attempt of a commit to {@code ref}, in the ref's turn when the commit has already
   * lost {@value #FREE_ATTEMPTS} times or others are queued.
   *
   * @param ref the ref the attempt moves by compare-and-set
   * @param number the attempt's number, from 1
   * @param attempt the attempt
   * @return what the attempt returned
   */
  <T> T attempt(String ref, int number, Supplier<T> attempt) {
    ReentrantLock turn = turns.computeIfAbsent(ref, name -> new ReentrantLock(true));
    if (number <= FREE_ATTEMPTS && !turn.isLocked()) {
      return attempt.get();
    }
    turn.lock();
    try {
      return attempt.get();
    } finally {
      turn.unlock();
    }
  }
}

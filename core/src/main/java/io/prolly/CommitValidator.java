package io.prolly;

import io.prolly.error.CommitRefusedException;

/**
 * Decides whether a branch may move to a new head: called, once registered with
 * {@link Repository#addValidator}, before every commit, merge (a fast-forward too), revert,
 * cherry-pick, reset, squash, bundle import and received push lands on a matching branch. A
 * refusal, or an exception thrown, makes the operation fail with a
 * {@link CommitRefusedException} naming the validator and its reason, and nothing is written.
 *
 * <p>It runs inside the write transaction that moves the branch, after the new commits are
 * written and before they are published, so keep it quick and do not use the repository from it
 * (read what it needs from the {@link BranchChange}). An operation that loses a race to another
 * writer and tries again asks again. It may be called from several threads at once.
 */
@FunctionalInterface
public interface CommitValidator {

  /**
   * Judges one branch move.
   *
   * @param change the branch, its old and new head, and lazy views of the new commits and the changed keys;
   *     valid only during this call
   * @return {@link Verdict#accept()} or {@link Verdict#refuse(String)}
   */
  Verdict validate(BranchChange change);
}

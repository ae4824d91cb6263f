package io.prolly;

import io.prolly.commit.RefNames;
import io.prolly.error.CommitRefusedException;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.support.Arguments;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jspecify.annotations.Nullable;

/**
 * The commit validators of a repository, by name, and the check that runs them before a write
 * transaction publishes branch moves. Thread-safe.
 */
final class Validators {

  private record Registered(BranchPattern pattern, CommitValidator validator) {}

  private final Map<String, Registered> byName = new ConcurrentSkipListMap<>();

  void add(String branchPattern, String name, CommitValidator validator) {
    BranchPattern pattern = BranchPattern.of(branchPattern);
    Arguments.notNull(name, "name");
    Arguments.notNull(validator, "validator");
    Arguments.check(!name.isBlank(), "a validator needs a name, which refusals quote; such as \"no-empty-values\"");
    if (byName.putIfAbsent(name, new Registered(pattern, validator)) != null) {
      throw new IllegalArgumentException("a validator named '" + name + "' is already registered; remove it "
          + "first or choose another name");
    }
  }

  boolean remove(String name) {
    Arguments.notNull(name, "name");
    return byName.remove(name) != null;
  }

  /**
   * Asks every matching validator about every branch the transaction moves to a commit, in name
   * order, and throws at the first refusal. Deleted branches and other refs are not asked about.
   *
   * @param moves ref name to {before, after}
   * @throws CommitRefusedException if a validator refuses or fails
   */
  void check(Repository repository, ReadTransaction tx, Map<String, @Nullable Hash[]> moves) {
    if (byName.isEmpty()) {
      return;
    }
    for (Map.Entry<String, @Nullable Hash[]> move : moves.entrySet()) {
      @Nullable Hash after = move.getValue()[1];
      if (!move.getKey().startsWith(RefNames.BRANCHES) || after == null || after.equals(move.getValue()[0])) {
        continue;
      }
      String branch = move.getKey().substring(RefNames.BRANCHES.length());
      ProposedBranchChange change = new ProposedBranchChange(repository, tx, branch, move.getValue()[0], after);
      byName.forEach((name, registered) -> {
        if (registered.pattern().matches(branch)) {
          check(name, registered.validator(), change);
        }
      });
    }
  }

  private static void check(String name, CommitValidator validator, BranchChange change) {
    Verdict verdict;
    try {
      verdict = validator.validate(change);
    } catch (RuntimeException failure) {
      throw new CommitRefusedException(name, change.branch(), "it failed: " + failure, failure);
    }
    if (verdict == null) {
      throw new CommitRefusedException(name, change.branch(), "it answered null instead of a verdict", null);
    }
    if (!verdict.accepted()) {
      throw new CommitRefusedException(name, change.branch(), verdict.refusal(), null);
    }
  }
}

package io.prolly.cli;

import io.prolly.Repository;
import io.prolly.merge.ConflictResolver;
import io.prolly.merge.MergeResult;
import picocli.CommandLine.Command;

/** {@code prolly revert REV}: a new commit that undoes one commit's changes. */
@Command(name = "revert", description = {"Makes a new commit on a branch that undoes the changes of one commit "
    + "(against its first parent), like git revert. A merge commit is refused.", "Keys the branch changed "
    + "differently since are listed one per line (CONFLICT key), nothing is written, and the exit code is 1."})
final class RevertCommand extends ReplayCommand {

  @Override
  MergeResult replay(Repository repository, String target, String commit, ConflictResolver resolver) {
    return repository.revert(target, commit, resolver);
  }

  @Override
  String outcome() {
    return "reverted";
  }

  @Override
  String done() {
    return "Reverted";
  }

  @Override
  String unchanged() {
    return "holds none of";
  }

  @Override
  String doing() {
    return "Revert";
  }
}

package io.prolly.cli;

import io.prolly.Repository;
import io.prolly.merge.ConflictResolver;
import io.prolly.merge.MergeResult;
import picocli.CommandLine.Command;

/** {@code prolly cherry-pick REV}: applies one commit's changes to a branch. */
@Command(name = "cherry-pick", description = {"Makes a new commit on a branch with the changes of one commit "
    + "(against its first parent), its message, author and metadata, and the metadata entry cherry-picked-from, "
    + "like git cherry-pick. A merge commit is refused.", "Keys the branch changed differently are listed one per "
    + "line (CONFLICT key), nothing is written, and the exit code is 1."})
final class CherryPickCommand extends ReplayCommand {

  @Override
  MergeResult replay(Repository repository, String target, String commit, ConflictResolver resolver) {
    return repository.cherryPick(target, commit, resolver);
  }

  @Override
  String outcome() {
    return "cherry_picked";
  }

  @Override
  String done() {
    return "Cherry-picked";
  }

  @Override
  String unchanged() {
    return "already holds";
  }

  @Override
  String doing() {
    return "Cherry-pick";
  }
}

package io.prolly.cli;

import io.prolly.Repository;
import io.prolly.error.RevisionNotFoundException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code prolly checkout BRANCH}: choose the branch commands use by default. */
@Command(name = "checkout", description = {"Checks out a branch: put, rm, commit, get, ls, log, show, tag and "
    + "reset use it when no branch or revision is given.", "With -b, creates the branch first at START "
    + "(default: the checked-out branch). The choice is kept in the repository, like git's HEAD."})
final class CheckoutCommand extends RepositoryCommand {

  @Parameters(index = "0", paramLabel = "BRANCH", description = "The branch.")
  String branch = "";

  @Parameters(index = "1", arity = "0..1", paramLabel = "START", description = "Where a new branch starts.")
  @Nullable String start;

  @Option(names = "-b", description = "Create the branch.")
  boolean create;

  @Override
  int run(Repository repository) {
    if (create) {
      repository.createBranch(branch, revisionOr(start, repository));
    } else if (!repository.branches().containsKey(branch)) {
      throw new RevisionNotFoundException(branch, "there is no branch '" + branch + "'; the branches are "
          + repository.branches().keySet() + ". Create it with prolly checkout -b " + branch);
    }
    Head.checkout(repository, branch);
    out().println("On branch " + branch + (create ? " (new)" : ""));
    out().flush();
    return ExitCodes.OK;
  }
}

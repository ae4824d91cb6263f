package io.prolly.cli;

import io.prolly.error.MergeConflictException;
import io.prolly.Repository;
import io.prolly.SyncReport;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code prolly pull REMOTE [BRANCH]}: fetch a branch from another repository and merge it. */
@Command(name = "pull", description = {"Pulls a branch from another repository into --repo: fetches the nodes "
    + "it lacks, then merges (fast-forward when possible).", "Conflicts are listed, the local branch is "
    + "unchanged (the fetched head stays under fetched/BRANCH) and the exit code is 1."})
final class PullCommand extends RepositoryCommand {

  @Parameters(index = "0", paramLabel = "REMOTE", description = "The repository to pull from: URI or path.")
  String remote = "";

  @Parameters(index = "1", arity = "0..1", paramLabel = "BRANCH", description = "Default: the checked-out branch.")
  @Nullable String branch;

  @Option(names = "--strategy", paramLabel = "fail|ours|theirs", description = "Keys changed differently on "
      + "both sides: fail (default), ours, theirs.")
  MergeStrategy strategy = MergeStrategy.FAIL;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  boolean createsRepository() {
    return true;
  }

  @Override
  int run(Repository repository) {
    String pulled = branch != null ? branch : Head.branch(repository);
    Repositories repositories = root().repositories();
    Repository from = repositories.open(remote, false);
    SyncReport report;
    try {
      report = withProgress("pull", repository, () -> repository.transfer().pull(from, pulled, strategy.resolver()));
    } catch (MergeConflictException conflict) {
      return MergeReport.refused(conflict, remote + " " + pulled, pulled, out(), ansi());
    } finally {
      repositories.release(from);
    }
    return printSync(report, json, "Pulled " + pulled + " from " + remote);
  }
}

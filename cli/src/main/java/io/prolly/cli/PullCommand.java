package io.prolly.cli;

import io.prolly.error.MergeConflictException;
import io.prolly.Remote;
import io.prolly.Repository;
import io.prolly.SyncReport;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code prolly pull [REMOTE [BRANCH]]}: fetch a branch from another repository and merge it. */
@Command(name = "pull", description = {"Pulls a branch from another repository into --repo, local or served by "
    + "'prolly serve' at an http:// URL or a remote's name: fetches the nodes "
    + "it lacks, then merges (fast-forward when possible).", "The fetched head is kept under remotes/REMOTE/BRANCH "
    + "when REMOTE is a remote's name (origin/BRANCH as a revision), else under fetched/BRANCH. Conflicts are "
    + "listed, the local branch is unchanged and the exit code is 1."})
final class PullCommand extends RepositoryCommand {

  @Mixin
  RemoteAccess access = new RemoteAccess();

  @Parameters(index = "0", arity = "0..1", paramLabel = "REMOTE", description = "The repository to pull from: a "
      + "remote's name (see 'prolly remote'), http://HOST:PORT/NAME, or a local URI or path. Default: origin.")
  @Nullable String remote;

  @Parameters(index = "1", arity = "0..1", paramLabel = "BRANCH", description = "Default: the checked-out branch.")
  @Nullable String branch;

  @Option(names = "--strategy", paramLabel = "fail|ours|theirs", description = "Keys changed differently on "
      + "both sides: fail (default), ours, theirs.")
  MergeStrategy strategy = MergeStrategy.FAIL;

  @Option(names = "--json", description = "Print JSON (of the first pull; with --follow, the updates are lines).")
  boolean json;

  @Option(names = "--follow", description = "After pulling, keep following the remote branch (an http:// "
      + "remote): pull each move as the server tells of it, one line per update, until interrupted (Ctrl-C).")
  boolean follow;

  @Override
  boolean createsRepository() {
    return true;
  }

  @Override
  int run(Repository repository) {
    String pulled = branch != null ? branch : Head.branch(repository);
    RemoteLocation.Served served = RemoteLocation.resolve(remote, repository, access, true);
    String local = remote;
    if (follow && served == null) {
      throw new UserException(ExitCodes.USAGE, "--follow follows a served repository: give its URL, like "
          + "http://HOST:PORT/NAME, or a remote's name (serve '" + local + "' with 'prolly serve')");
    }
    String shown = served != null ? served.shown() : java.util.Objects.requireNonNull(local);
    SyncReport report;
    try {
      if (served != null) {
        Remote from = served.remote();
        report = withProgress("pull", repository, () -> repository.transfer().pull(from, pulled, strategy.resolver()));
        if (follow) {
          int code = printSync(report, json, "Pulled " + pulled + " from " + shown);
          new PullFollow(repository, from, pulled, strategy.resolver(), out())
              .follow(repository.resolve(from.trackingRef(pulled)));
          return code;
        }
      } else {
        report = pullLocal(repository, shown, pulled);
      }
    } catch (MergeConflictException conflict) {
      return MergeReport.refused(conflict, shown + " " + pulled, pulled, out(), ansi());
    }
    return printSync(report, json, "Pulled " + pulled + " from " + shown);
  }

  private SyncReport pullLocal(Repository repository, String location, String pulled) {
    Repositories repositories = root().repositories();
    Repository from = repositories.open(location, false);
    try {
      return withProgress("pull", repository, () -> repository.transfer().pull(from, pulled, strategy.resolver()));
    } finally {
      repositories.release(from);
    }
  }
}

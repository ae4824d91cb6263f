package io.prolly.cli;

import io.prolly.CloneOptions;
import io.prolly.Remote;
import io.prolly.Repository;
import io.prolly.SyncReport;
import io.prolly.Transfer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code prolly fetch [REMOTE [BRANCH]]}: bring a remote branch's history here under its
 * remote-tracking ref {@code remotes/REMOTE/BRANCH}, or {@code fetched/BRANCH} by URL.
 */
@Command(name = "fetch", description = {"Fetches a branch of a repository served by 'prolly serve' (by URL or a "
    + "remote's name) into --repo, without merging (see pull): the nodes it lacks, and a ref set to the remote head: "
    + "remotes/REMOTE/BRANCH for a remote's name (the revision REMOTE/BRANCH, listed by 'branch --remotes'), fetched/BRANCH "
    + "for a URL.", "Inspect it with 'log origin/BRANCH' or 'diff BRANCH origin/BRANCH'; merge it with "
    + "'merge origin/BRANCH'."})
final class FetchCommand extends RepositoryCommand {

  @Mixin
  RemoteAccess access = new RemoteAccess();

  @Parameters(index = "0", arity = "0..1", paramLabel = "REMOTE", description = "The repository to fetch from: a "
      + "remote's name (see 'prolly remote') or http://HOST:PORT/NAME. Default: origin.")
  @Nullable String remote;

  @Parameters(index = "1", arity = "0..1", paramLabel = "BRANCH", description = "Default: the checked-out branch.")
  @Nullable String branch;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Option(names = "--depth", paramLabel = "N", description = "Have the newest N commits of the branch: deepens a "
      + "shallow clone (or makes a shallow fetch).")
  @Nullable Integer depth;

  @Option(names = "--unshallow", description = "Fetch the whole history of the branch, so that a shallow clone "
      + "becomes complete.")
  boolean unshallow;

  /** A --depth option as a depth, {@link CloneOptions#ALL_HISTORY} when not given. */
  static int depth(@Nullable Integer depth, String command) {
    if (depth == null) {
      return CloneOptions.ALL_HISTORY;
    }
    if (depth < 1) {
      throw new UserException(ExitCodes.USAGE, command + " --depth is " + depth + "; give the number of newest "
          + "commits to have, 1 or more");
    }
    return depth;
  }

  @Override
  boolean createsRepository() {
    return true;
  }

  @Override
  int run(Repository repository) {
    if (remote != null && !RemoteLocation.is(remote) && !RemoteLocation.isName(remote)) {
      throw new UserException(ExitCodes.USAGE, "fetch takes the URL of a served repository, such as "
          + "http://host:8080/main, or a remote's name, not '" + remote + "'; from a local repository, pull the "
          + "branch instead");
    }
    String fetched = branch != null ? branch : Head.branch(repository);
    RemoteLocation.Served served = java.util.Objects.requireNonNull(RemoteLocation.resolve(remote, repository, access,
        false));
    Remote from = served.remote();
    if (unshallow && depth != null) {
      throw new UserException(ExitCodes.USAGE, "fetch takes --depth or --unshallow, not both");
    }
    int wanted = unshallow ? Transfer.UNSHALLOW : depth(depth, "fetch");
    SyncReport report = withProgress("fetch", repository, () -> wanted == CloneOptions.ALL_HISTORY
        ? repository.transfer().fetch(from, fetched) : repository.transfer().fetch(from, fetched, wanted));
    return printSync(report, json, "Fetched " + fetched + " from " + served.shown()
        + CloneCommand.partial(repository));
  }
}

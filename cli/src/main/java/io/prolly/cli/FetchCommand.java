package io.prolly.cli;

import io.prolly.Remote;
import io.prolly.Repository;
import io.prolly.SyncReport;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code prolly fetch URL [BRANCH]}: bring a remote branch's history here under {@code fetched/BRANCH}. */
@Command(name = "fetch", description = {"Fetches a branch of a repository served by 'prolly serve' into --repo: "
    + "the nodes it lacks, and the ref fetched/BRANCH set to the remote head, without merging (see pull).",
    "Inspect it with 'log fetched/BRANCH' or 'diff BRANCH fetched/BRANCH'; merge it with 'merge fetched/BRANCH'."})
final class FetchCommand extends RepositoryCommand {

  @Mixin
  RemoteAccess access = new RemoteAccess();

  @Parameters(index = "0", paramLabel = "URL", description = "The repository to fetch from: http://HOST:PORT/NAME.")
  String remote = "";

  @Parameters(index = "1", arity = "0..1", paramLabel = "BRANCH", description = "Default: the checked-out branch.")
  @Nullable String branch;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  boolean createsRepository() {
    return true;
  }

  @Override
  int run(Repository repository) {
    if (!RemoteLocation.is(remote)) {
      throw new UserException(ExitCodes.USAGE, "fetch takes the URL of a served repository, such as "
          + "http://host:8080/main, not '" + remote + "'; from a local repository, pull the branch instead");
    }
    String fetched = branch != null ? branch : Head.branch(repository);
    Remote from = RemoteLocation.open(remote, access);
    SyncReport report = withProgress("fetch", repository, () -> repository.transfer().fetch(from, fetched));
    return printSync(report, json, "Fetched " + fetched + " from " + RemoteLocation.masked(remote));
  }
}

package io.prolly.cli;

import io.prolly.Remote;
import io.prolly.Repository;
import io.prolly.SyncReport;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code prolly push REMOTE [BRANCH]}: send a branch to another repository, local or by URL. */
@Command(name = "push", description = "Pushes a branch of --repo to another repository, local or served by 'prolly "
    + "serve' at an http:// URL: only the nodes it lacks travel; fast-forward only unless --force.")
final class PushCommand extends RepositoryCommand {

  @Mixin
  RemoteAccess access = new RemoteAccess();

  @Parameters(index = "0", paramLabel = "REMOTE", description = "The receiving repository: URI, path, or "
      + "http://HOST:PORT/NAME.")
  String remote = "";

  @Parameters(index = "1", arity = "0..1", paramLabel = "BRANCH", description = "Default: the checked-out branch.")
  @Nullable String branch;

  @Option(names = "--force", description = "Overwrite a remote branch that has commits this one lacks.")
  boolean force;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  int run(Repository repository) {
    String pushed = branch != null ? branch : Head.branch(repository);
    if (RemoteLocation.is(remote)) {
      Remote to = RemoteLocation.open(remote, access);
      SyncReport report = withProgress("push", repository, () -> repository.transfer().push(to, pushed, force));
      return printSync(report, json, "Pushed " + pushed + " to " + RemoteLocation.masked(remote));
    }
    Repositories repositories = root().repositories();
    Repository to = repositories.open(remote, true);
    SyncReport report;
    try {
      report = withProgress("push", repository, () -> repository.transfer().push(to, pushed, force));
    } finally {
      repositories.release(to);
    }
    return printSync(report, json, "Pushed " + pushed + " to " + RemoteLocation.masked(remote));
  }
}

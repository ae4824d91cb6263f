package io.prolly.cli;

import io.prolly.Remote;
import io.prolly.Repository;
import io.prolly.SyncReport;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code prolly push [REMOTE [BRANCH]]}: send a branch to another repository, local, by URL or by remote name. */
@Command(name = "push", description = "Pushes a branch of --repo to another repository, local or served by 'prolly "
    + "serve' at an http:// URL or a remote's name: only the nodes it lacks travel; fast-forward only unless --force.")
final class PushCommand extends RepositoryCommand {

  @Mixin
  RemoteAccess access = new RemoteAccess();

  @Parameters(index = "0", arity = "0..1", paramLabel = "REMOTE", description = "The receiving repository: a "
      + "remote's name (see 'prolly remote'), http://HOST:PORT/NAME, or a local URI or path. Default: origin.")
  @Nullable String remote;

  @Parameters(index = "1", arity = "0..1", paramLabel = "BRANCH", description = "Default: the checked-out branch.")
  @Nullable String branch;

  @Option(names = "--force", description = "Overwrite a remote branch that has commits this one lacks.")
  boolean force;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  int run(Repository repository) {
    String pushed = branch != null ? branch : Head.branch(repository);
    RemoteLocation.Served served = RemoteLocation.resolve(remote, repository, access, true);
    if (served != null) {
      Remote to = served.remote();
      SyncReport report = withProgress("push", repository, () -> repository.transfer().push(to, pushed, force));
      return printSync(report, json, "Pushed " + pushed + " to " + served.shown());
    }
    String local = java.util.Objects.requireNonNull(remote);
    Repositories repositories = root().repositories();
    Repository to = repositories.open(local, true);
    SyncReport report;
    try {
      report = withProgress("push", repository, () -> repository.transfer().push(to, pushed, force));
    } finally {
      repositories.release(to);
    }
    return printSync(report, json, "Pushed " + pushed + " to " + local);
  }
}

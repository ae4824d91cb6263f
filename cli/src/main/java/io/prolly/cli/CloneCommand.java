package io.prolly.cli;

import io.prolly.Remote;
import io.prolly.Repository;
import io.prolly.SyncReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code prolly clone SOURCE TARGET}: every branch and tag, of a local repository or one by URL, into a new one. */
@Command(name = "clone", description = "Copies every branch and tag with their history into a new, empty "
    + "repository, on any backend, in one transaction; SOURCE may be a repository served by 'prolly serve' at an "
    + "http:// URL. (--repo is not used.)")
final class CloneCommand extends TwoRepositoryCommand {

  @Mixin
  RemoteAccess access = new RemoteAccess();

  @Parameters(index = "0", paramLabel = "SOURCE", description = "The repository to clone: URI, path, or "
      + "http://HOST:PORT/NAME.")
  String source = "";

  @Parameters(index = "1", paramLabel = "TARGET", description = "The new repository: URI or path.")
  String target = "";

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (RemoteLocation.is(source)) {
      Remote from = RemoteLocation.open(source, access);
      // Listing the remote's refs first means a wrong URL fails before an empty target is created.
      from.refs();
      return into(target, true, to -> printSync(withProgress("clone", to, () -> to.transfer().cloneFrom(from)),
          json, "Cloned " + RemoteLocation.masked(source) + " into " + target));
    }
    return between(source, target, true);
  }

  @Override
  int run(Repository from, Repository to) {
    SyncReport report = withProgress("clone", from, () -> from.transfer().cloneInto(to));
    return printSync(report, json, "Cloned " + RemoteLocation.masked(source) + " into " + target);
  }
}

package io.prolly.cli;

import io.prolly.Repository;
import io.prolly.SyncReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code prolly clone SOURCE TARGET}: every branch and tag into a new repository. */
@Command(name = "clone", description = "Copies every branch and tag with their history into a new, empty "
    + "repository, on any backend, in one transaction. (--repo is not used.)")
final class CloneCommand extends TwoRepositoryCommand {

  @Parameters(index = "0", paramLabel = "SOURCE", description = "The repository to clone: URI or path.")
  String source = "";

  @Parameters(index = "1", paramLabel = "TARGET", description = "The new repository: URI or path.")
  String target = "";

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    return between(source, target, true);
  }

  @Override
  int run(Repository from, Repository to) {
    SyncReport report = withProgress("clone", from, () -> from.transfer().cloneInto(to));
    return printSync(report, json, "Cloned " + source + " into " + target);
  }
}

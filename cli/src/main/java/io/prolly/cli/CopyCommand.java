package io.prolly.cli;

import io.prolly.Repository;
import io.prolly.SyncReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code prolly copy SOURCE TARGET}: move a whole repository to another backend. */
@Command(name = "copy", description = {"Copies a whole repository (branches, tags, live stores) into one without "
    + "refs, typically on another backend, such as file:a.prolly to lmdb:/data/a.",
    "Resumable: after an interruption, run it again. (--repo is not used.)"})
final class CopyCommand extends TwoRepositoryCommand {

  @Parameters(index = "0", paramLabel = "SOURCE", description = "The repository to copy: URI or path.")
  String source = "";

  @Parameters(index = "1", paramLabel = "TARGET", description = "The receiving repository: URI or path.")
  String target = "";

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    return between(source, target, true);
  }

  @Override
  int run(Repository from, Repository to) {
    SyncReport report = withProgress("copy", from, () -> from.transfer().copyInto(to));
    return printSync(report, json, "Copied " + source + " into " + target);
  }
}

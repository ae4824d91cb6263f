package io.prolly.cli;

import io.prolly.GcReport;
import io.prolly.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code prolly gc}: delete what no branch, tag or live store reaches. */
@Command(name = "gc", description = "Deletes every node no branch, tag or live store reaches (after reset, "
    + "branch -d, failed merges). Safe while others commit.")
final class GcCommand extends RepositoryCommand {

  /** The {@code --json} document. */
  record Collected(long nodesBefore, long nodesAfter, long nodesDeleted, long bytesBefore, long bytesAfter,
      long bytesFreed, long millis) {}

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  int run(Repository repository) {
    GcReport report = withProgress("gc", repository, repository.maintenance()::gc);
    if (json) {
      printJson(new Collected(report.nodesBefore(), report.nodesAfter(), report.nodesDeleted(), report.bytesBefore(),
          report.bytesAfter(), report.bytesFreed(), report.duration().toMillis()));
      return ExitCodes.OK;
    }
    new Table()
        .row("nodes deleted", String.format("%,d", report.nodesDeleted()))
        .row("nodes", String.format("%,d -> %,d", report.nodesBefore(), report.nodesAfter()))
        .row("bytes", String.format("%,d -> %,d (%,d freed)", report.bytesBefore(), report.bytesAfter(),
            report.bytesFreed()))
        .row("time", report.duration().toMillis() + " ms")
        .print(out());
    return ExitCodes.OK;
  }
}

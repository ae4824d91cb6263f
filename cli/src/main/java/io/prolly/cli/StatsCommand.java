package io.prolly.cli;

import io.prolly.Repository;
import io.prolly.spi.StoreStats;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code prolly stats}: what the store holds. */
@Command(name = "stats", description = "Shows what the store holds: nodes, bytes, refs, branches, tags, and the "
    + "backend's own figures.")
final class StatsCommand extends RepositoryCommand {

  /** The {@code --json} document. */
  record Stats(String repository, long nodes, long nodeBytes, long refs, long storageBytes, int branches, int tags,
      String checkedOut, Map<String, Long> figures) {}

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  int run(Repository repository) {
    StoreStats stats = repository.maintenance().stats();
    Stats view = new Stats(repository.toString(), stats.nodeCount(), stats.nodeBytes(), stats.refCount(),
        stats.storageBytes(), repository.branches().size(), repository.tags().size(), Head.branch(repository),
        stats.figures());
    if (json) {
      printJson(view);
      return ExitCodes.OK;
    }
    Table table = new Table()
        .row("repository", view.repository())
        .row("nodes", String.format("%,d", view.nodes()))
        .row("node bytes", String.format("%,d", view.nodeBytes()))
        .row("storage bytes", String.format("%,d", view.storageBytes()))
        .row("refs", String.format("%,d", view.refs()))
        .row("branches", String.format("%,d (on %s)", view.branches(), view.checkedOut()))
        .row("tags", String.format("%,d", view.tags()));
    view.figures().forEach((name, value) -> table.row(name, String.format("%,d", value)));
    table.print(out());
    return ExitCodes.OK;
  }
}

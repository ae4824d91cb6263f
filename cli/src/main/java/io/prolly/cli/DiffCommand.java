package io.prolly.cli;

import io.prolly.Codecs;
import io.prolly.KeyChange;
import io.prolly.Repository;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code prolly diff FROM TO [NAMESPACE]}: what changed between two revisions. */
@Command(name = "diff", description = {"Shows what changed between two revisions: + added, - removed, ~ changed.",
    "Every namespace, or only NAMESPACE (not those nested in it). Exit code 0 whether or not they differ."})
final class DiffCommand extends RepositoryCommand {

  /** The {@code --json} document. */
  record Diff(String from, String to, long total, boolean truncated, List<ChangeView> changes) {}

  @Parameters(index = "0", paramLabel = "FROM", description = "The older revision.")
  String from = "";

  @Parameters(index = "1", paramLabel = "TO", description = "The newer revision.")
  String to = "";

  @Parameters(index = "2", arity = "0..1", paramLabel = "NAMESPACE", description = "Only this namespace.")
  @Nullable String namespace;

  @Option(names = "--limit", paramLabel = "N", description = "Show at most N changes (all are counted). "
      + "Default: ${DEFAULT-VALUE}.")
  long limit = 1000;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  int run(Repository repository) {
    long max = nonNegative(limit, "--limit");
    String fromId = repository.resolve(from).toHex();
    String toId = repository.resolve(to).toHex();
    Stream<KeyChange<byte[]>> changes = namespace == null
        ? repository.diff(fromId, toId, Codecs.bytes())
        : repository.diff(fromId, toId, namespace, Codecs.bytes());
    ChangeList list = new ChangeList(changes, max);
    if (json) {
      ChangeList.View view = list.view();
      printJson(new Diff(fromId, toId, view.total(), view.truncated(), view.changes()));
    } else {
      list.print(out(), ansi());
    }
    return ExitCodes.OK;
  }
}

package io.prolly.cli;

import io.prolly.Codecs;
import io.prolly.Repository;
import io.prolly.Snapshot;
import io.prolly.Store;
import io.prolly.spi.Hash;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code prolly ls}: list the namespaces and keys of a namespace. */
@Command(name = "ls", description = {"Lists a namespace at a revision: its nested namespaces (ending in /), "
    + "then its keys in order.", "With --long, also the values."})
final class LsCommand extends RepositoryCommand {

  /** One key of the {@code --json} document. */
  record Entry(String key, String value) {}

  /** The {@code --json} document. */
  record Listing(String revision, String commit, String namespace, List<String> namespaces, List<Entry> entries) {}

  @Option(names = "--ns", paramLabel = "NAMESPACE", description = "Namespace path. Default: the root namespace.")
  @Nullable String namespace;

  @Option(names = "--rev", paramLabel = "REV", description = "Revision. Default: the checked-out branch.")
  @Nullable String revision;

  @Option(names = "--prefix", paramLabel = "PREFIX", description = "Only keys starting with this.")
  @Nullable String prefix;

  @Option(names = "--limit", paramLabel = "N", description = "At most N keys.")
  long limit = Long.MAX_VALUE;

  @Option(names = {"-l", "--long"}, description = "Show values too.")
  boolean longFormat;

  @Option(names = "--json", description = "Print JSON (always with values).")
  boolean json;

  @Override
  int run(Repository repository) {
    long max = nonNegative(limit, "--limit");
    String rev = revisionOr(revision, repository);
    Hash commit = repository.resolve(rev);
    Snapshot<byte[]> store = Namespaces.view(repository.snapshot(commit.toHex(), Codecs.bytes()), namespace);
    List<String> namespaces = prefix == null ? store.namespaces() : List.of();
    try (Stream<Map.Entry<String, byte[]>> entries = prefix == null ? store.entries() : store.prefix(prefix)) {
      Stream<Entry> shown = entries.limit(max).map(entry -> new Entry(entry.getKey(), ValueText.of(entry.getValue())));
      if (json) {
        printJson(new Listing(rev, commit.toHex(), Namespaces.path(namespace), namespaces, shown.toList()));
        return ExitCodes.OK;
      }
      namespaces.forEach(name -> out().println(name + "/"));
      if (longFormat) {
        Table table = new Table();
        shown.forEach(entry -> table.row(entry.key(), entry.value()));
        table.print(out());
      } else {
        shown.forEach(entry -> out().println(entry.key()));
      }
    }
    out().flush();
    return ExitCodes.OK;
  }
}

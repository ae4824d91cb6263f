package io.prolly.cli;

import io.prolly.KeyBlame;
import io.prolly.Repository;
import io.prolly.spi.Hash;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code prolly blame REV NAMESPACE [FROM [TO]]}: the commit that last changed each key. */
@Command(name = "blame", description = {"Shows, for each key of a namespace at a revision, the commit that last "
    + "changed it: short id, date (UTC), author, key.", "Only keys in [FROM, TO) when given. Through a merge, a key "
    + "is followed into the first parent holding the same value, as git blame does."})
final class BlameCommand extends RepositoryCommand {

  /** One key of the {@code --json} document. */
  record Blamed(String key, CommitView commit) {}

  /** The {@code --json} document. */
  record Blame(String revision, String commit, String namespace, @Nullable String from, @Nullable String to,
      List<Blamed> keys) {}

  @Parameters(index = "0", paramLabel = "REV", description = "The revision whose keys to blame.")
  String revision = "";

  @Parameters(index = "1", paramLabel = "NAMESPACE", description = "The namespace path; \"\" or / for the root.")
  String namespace = "";

  @Parameters(index = "2", arity = "0..1", paramLabel = "FROM", description = "The first key included.")
  @Nullable String from;

  @Parameters(index = "3", arity = "0..1", paramLabel = "TO", description = "The first key excluded.")
  @Nullable String to;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  int run(Repository repository) {
    String path = namespace.equals("/") ? "" : namespace;
    Hash commit = repository.resolve(revision);
    List<KeyBlame> blame = repository.blame(commit.toHex(), path, from, to);
    RefNames refs = new RefNames(repository);
    if (json) {
      // Many keys share a commit: describe each commit once.
      Map<Hash, CommitView> views = new HashMap<>();
      List<Blamed> keys = blame.stream().map(entry -> new Blamed(entry.key(), views.computeIfAbsent(
          entry.commit().id(), id -> CommitView.of(entry.commit(), refs.of(id), repository)))).toList();
      printJson(new Blame(revision, commit.toHex(), path, from, to, keys));
      return ExitCodes.OK;
    }
    Table table = new Table();
    blame.forEach(entry -> table.row(ansi().string("@|yellow " + entry.commit().id().toShortHex() + "|@"),
        LogCommand.DATE.format(entry.commit().timestamp()), entry.commit().author(), entry.key()));
    table.print(out());
    return ExitCodes.OK;
  }
}

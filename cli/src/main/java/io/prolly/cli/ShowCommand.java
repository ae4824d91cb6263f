package io.prolly.cli;

import io.prolly.CommitInfo;
import io.prolly.Codecs;
import io.prolly.Repository;
import io.prolly.spi.Hash;
import java.io.PrintWriter;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code prolly show [REV]}: one commit and what it changed. */
@Command(name = "show", description = "Shows a commit: id, parents, author, date, message, metadata, "
    + "and the keys it changed against its first parent.")
final class ShowCommand extends RepositoryCommand {

  /** The {@code --json} document; {@code changes} is null for a root commit. */
  record Shown(CommitView commit, ChangeList.@Nullable View changes) {}

  @Parameters(arity = "0..1", paramLabel = "REV", description = "The commit. Default: the checked-out branch.")
  @Nullable String revision;

  @Option(names = "--limit", paramLabel = "N", description = "Show at most N changes. Default: ${DEFAULT-VALUE}.")
  long limit = 100;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  int run(Repository repository) {
    long max = nonNegative(limit, "--limit");
    CommitInfo commit = repository.commitInfo(revisionOr(revision, repository));
    RefNames refs = new RefNames(repository);
    @Nullable ChangeList changes = commit.parents().isEmpty() ? null : new ChangeList(
        repository.diff(commit.parents().get(0).toHex(), commit.id().toHex(), Codecs.bytes()), max);
    if (json) {
      printJson(new Shown(CommitView.of(commit, refs.of(commit.id()), repository), changes == null ? null : changes.view()));
      return ExitCodes.OK;
    }
    PrintWriter out = out();
    out.println(ansi().string("@|yellow commit " + commit.id().toHex() + "|@") + " "
        + refs.decoration(commit.id(), ansi()).stripTrailing());
    if (!commit.parents().isEmpty()) {
      out.println((commit.isMerge() ? "Merge:  " : "Parent: ")
          + commit.parents().stream().map(Hash::toShortHex).collect(Collectors.joining(" ")));
    }
    out.println("Author: " + commit.author());
    if (commit.signer() != null) {
      out.println("Signed: " + repository.signing().check(commit.id().toHex()));
    }
    out.println("Date:   " + LogCommand.DATE.format(commit.timestamp()) + " UTC");
    commit.metadata().forEach((key, value) -> out.println("Meta:   " + key + " = " + value));
    out.println();
    commit.message().lines().forEach(line -> out.println("    " + line));
    out.println();
    if (changes == null) {
      out.println("(root commit: no parent to compare with; see prolly ls --rev " + commit.id().toShortHex() + ")");
      out.flush();
    } else {
      changes.print(out, ansi());
    }
    return ExitCodes.OK;
  }
}

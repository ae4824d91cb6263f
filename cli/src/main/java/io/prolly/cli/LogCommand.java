package io.prolly.cli;

import io.prolly.CommitInfo;
import io.prolly.PartialState;
import io.prolly.Repository;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code prolly log [REV]}: the history, newest first, one line per commit. */
@Command(name = "log", description = "Shows the history of a revision, newest first, one line per commit.")
final class LogCommand extends RepositoryCommand {

  static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  @Parameters(arity = "0..1", paramLabel = "REV", description = "Where to start. Default: the checked-out branch.")
  @Nullable String revision;

  @Option(names = {"-n", "--limit"}, paramLabel = "N", description = "At most N commits.")
  long limit = Long.MAX_VALUE;

  @Option(names = "--graph", description = "Draw the lines of history on the left.")
  boolean graph;

  @Option(names = "--json", description = "Print JSON: an array of commits.")
  boolean json;

  @Override
  int run(Repository repository) {
    long max = nonNegative(limit, "--limit");
    RefNames refs = new RefNames(repository);
    try (Stream<CommitInfo> log = repository.log(revisionOr(revision, repository)).limit(max)) {
      if (json) {
        List<CommitView> commits = log.map(commit -> CommitView.of(commit, refs.of(commit.id()), repository)).toList();
        printJson(commits);
        return ExitCodes.OK;
      }
      LogGraph lanes = new LogGraph();
      PartialState partial = repository.partialState();
      for (Iterator<CommitInfo> commits = log.iterator(); commits.hasNext(); ) {
        CommitInfo commit = commits.next();
        out().println((graph ? lanes.next(commit) : "")
            + ansi().string("@|yellow " + commit.id().toShortHex() + "|@") + " "
            + DATE.format(commit.timestamp()) + " "
            + refs.decoration(commit.id(), ansi())
            + commit.message().lines().findFirst().orElse("") + " <" + commit.author() + ">"
            + CommitView.signatureMark(commit, repository, ansi()));
        if (partial.isShallowAt(commit.id())) {
          out().println("(shallow: history before " + commit.id().toShortHex() + " not fetched)");
        }
        if (outputClosed()) {
          break; // as git log does when its reader goes away (prolly log | head)
        }
      }
    }
    out().flush();
    return ExitCodes.OK;
  }
}

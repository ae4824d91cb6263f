package io.prolly.cli;

import io.prolly.Repository;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code prolly init [URI|PATH]}: create an empty repository. */
@Command(name = "init", description = {"Creates an empty repository; the first put or commit creates branch main.",
    "Says so, and changes nothing, if the repository exists."})
final class InitCommand extends CliCommand {

  @Parameters(arity = "0..1", paramLabel = "URI|PATH", description = "Where. Default: --repo or PROLLY_REPO.")
  @Nullable String location;

  @Override
  public Integer call() {
    Repositories repositories = root().repositories();
    String where = location != null ? location : root().location();
    Repository repository = repositories.open(where, true);
    try {
      int branches = repository.branches().size();
      out().println(branches == 0
          ? "Initialized an empty repository at " + where
          : "A repository with " + branches + " branch(es) is already at " + where);
    } finally {
      repositories.release(repository);
    }
    return ExitCodes.OK;
  }
}

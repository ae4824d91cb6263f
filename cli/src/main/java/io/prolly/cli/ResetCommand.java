package io.prolly.cli;

import io.prolly.Repository;
import io.prolly.spi.Hash;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code prolly reset REV}: move a branch, like {@code git reset --hard}. */
@Command(name = "reset", description = {"Points a branch at another commit, like git reset --hard: commits only "
    + "the old head reached leave the branch (gc deletes them once nothing else reaches them)."})
final class ResetCommand extends RepositoryCommand {

  @Parameters(paramLabel = "REV", description = "Where the branch should point, such as main~1 or a tag.")
  String revision = "";

  @Option(names = {"-b", "--branch"}, paramLabel = "BRANCH", description = "Default: the checked-out branch.")
  @Nullable String branch;

  @Override
  int run(Repository repository) {
    String target = branch != null ? branch : Head.branch(repository);
    Hash before = repository.reset(target, revision);
    out().println(target + ": " + before.toShortHex() + " -> " + repository.resolve(target).toShortHex());
    out().flush();
    return ExitCodes.OK;
  }
}

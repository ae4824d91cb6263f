package io.prolly.cli;

import io.prolly.Repository;
import io.prolly.spi.Hash;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code prolly branch}: list, create or delete branches; list the remote-tracking ones. */
@Command(name = "branch", description = {"Without arguments, lists the branches (* marks the checked-out one); "
    + "--remotes lists the remote-tracking ones instead (REMOTE/BRANCH: what fetch, pull and push last saw of a remote's "
    + "branch).", "branch NAME [START] creates a branch at START (default: the checked-out branch), such as "
    + "'branch fix origin/main'; -d NAME deletes one. A new name may not start with remotes/ or fetched/."})
final class BranchCommand extends RepositoryCommand {

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The branch to create.")
  @Nullable String name;

  @Parameters(index = "1", arity = "0..1", paramLabel = "START", description = "Where it starts.")
  @Nullable String start;

  @Option(names = {"-d", "--delete"}, paramLabel = "NAME", description = "Delete this branch.")
  @Nullable String delete;

  // Not -r, as in git: that is --repo here.
  @Option(names = "--remotes", description = "List the remote-tracking branches, REMOTE/BRANCH, that fetches, "
      + "pulls and pushes through a remote's name keep.")
  boolean remotes;

  @Option(names = "--json", description = "Print the list as JSON.")
  boolean json;

  @Override
  int run(Repository repository) {
    if (remotes) {
      if (delete != null || name != null) {
        throw new ParameterException(specOf(spec).commandLine(), "--remotes lists the remote-tracking branches, "
            + "which fetches move; give it without NAME or -d");
      }
      list(repository.remotes().trackingBranches(), "");
      out().flush();
      return ExitCodes.OK;
    }
    String current = Head.branch(repository);
    if (delete != null) {
      if (name != null) {
        throw new ParameterException(specOf(spec).commandLine(), "give -d NAME or NAME [START], not both");
      }
      if (delete.equals(current)) {
        throw new UserException(ExitCodes.USAGE, "branch '" + delete
            + "' is checked out; check out another branch before deleting it");
      }
      Hash was = repository.deleteBranch(delete);
      out().println("Deleted branch " + delete + " (was " + was.toShortHex() + ")");
    } else if (name != null) {
      Hash at = repository.createBranch(name, start != null ? start : current);
      out().println("Created branch " + name + " at " + at.toShortHex());
    } else {
      list(repository.branches(), current);
    }
    out().flush();
    return ExitCodes.OK;
  }

  private void list(Map<String, Hash> branches, String current) {
    if (json) {
      List<RefView> views = branches.entrySet().stream()
          .map(entry -> new RefView(entry.getKey(), entry.getValue().toHex(), entry.getKey().equals(current)))
          .toList();
      printJson(views);
      return;
    }
    Table table = new Table();
    branches.forEach((branch, id) -> {
      if (remotes) {
        table.row(branch, id.toShortHex()); // none is checked out
      } else {
        table.row(branch.equals(current) ? "*" : " ", branch, id.toShortHex());
      }
    });
    table.print(out());
  }
}

package io.prolly.cli;

import io.prolly.Repository;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code prolly rm KEY...}: remove keys and commit at once. */
@Command(name = "rm", description = "Removes keys and commits at once. Fails, committing nothing, if a key is absent.")
final class RmCommand extends RepositoryCommand {

  @Parameters(arity = "1..*", paramLabel = "KEY", description = "The keys.")
  List<String> keys = new ArrayList<>();

  @Mixin
  WriteOptions write = new WriteOptions();

  @Override
  int run(Repository repository) {
    BranchWrite writes = new BranchWrite(repository, write.branch);
    for (String key : keys) {
      if (!writes.remove(write.namespace, key)) {
        throw new UserException(ExitCodes.NOT_FOUND_OR_CONFLICT, "there is no key '"
            + Namespaces.qualified(write.namespace, key) + "'; nothing was removed");
      }
    }
    out().println(writes.commit(write.messageOr("rm " + String.join(" ", keys))));
    return ExitCodes.OK;
  }
}

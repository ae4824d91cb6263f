package io.prolly.cli;

import io.prolly.Repository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code prolly commit -m MESSAGE --set K=V --rm K ...}: several edits as one commit. Each
 * {@code put} and {@code rm} already commits; this is the command for edits that belong together.
 */
@Command(name = "commit", description = {"Commits several edits at once, atomically: --set, --rm, --from-file.",
    "(put and rm commit by themselves; there is no staging between commands.)"})
final class CommitCommand extends RepositoryCommand {

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Set a key (repeatable).")
  Map<String, String> sets = new LinkedHashMap<>();

  @Option(names = "--rm", paramLabel = "KEY", description = "Remove a key (repeatable); fails if absent.")
  List<String> removals = new ArrayList<>();

  @Option(names = "--from-file", paramLabel = "FILE", description = "Also set every KEY<tab>VALUE line; - is stdin.")
  @Nullable String fromFile;

  @Mixin
  WriteOptions write = new WriteOptions();

  @Override
  boolean createsRepository() {
    return true;
  }

  @Override
  int run(Repository repository) throws Exception {
    BranchWrite writes = new BranchWrite(repository, write.branch);
    if (fromFile != null) {
      for (EditFile.Pair pair : EditFile.read(fromFile, System.in)) {
        writes.set(write.namespace, pair.key(), pair.value());
      }
    }
    sets.forEach((key, value) -> writes.set(write.namespace, key, value));
    for (String key : removals) {
      if (!writes.remove(write.namespace, key)) {
        throw new UserException(ExitCodes.NOT_FOUND_OR_CONFLICT, "there is no key '"
            + Namespaces.qualified(write.namespace, key) + "' to remove; nothing was committed");
      }
    }
    out().println(writes.commit(write.messageOr("commit")));
    return ExitCodes.OK;
  }
}

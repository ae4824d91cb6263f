package io.prolly.cli;

import io.prolly.Codecs;
import io.prolly.Repository;
import io.prolly.Snapshot;
import io.prolly.Store;
import io.prolly.spi.Hash;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code prolly get KEY}: print a value. */
@Command(name = "get", description = "Prints a key's value; exit code 1 if the key is absent.")
final class GetCommand extends RepositoryCommand {

  /** The {@code --json} document. */
  record Found(String revision, String commit, String namespace, String key, String value) {}

  @Parameters(paramLabel = "KEY", description = "The key.")
  String key = "";

  @Option(names = "--ns", paramLabel = "NAMESPACE", description = "Namespace path. Default: the root namespace.")
  @Nullable String namespace;

  @Option(names = "--rev", paramLabel = "REV", description = "Revision (branch, tag, main~2, id prefix). "
      + "Default: the checked-out branch.")
  @Nullable String revision;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  int run(Repository repository) {
    String rev = revisionOr(revision, repository);
    Hash commit = repository.resolve(rev);
    Snapshot<byte[]> store = Namespaces.view(repository.snapshot(commit.toHex(), Codecs.bytes()), namespace);
    byte @Nullable [] value = store.get(key);
    if (value == null) {
      throw new UserException(ExitCodes.NOT_FOUND_OR_CONFLICT, "there is no key '"
          + Namespaces.qualified(namespace, key) + "' at " + rev);
    }
    if (json) {
      printJson(new Found(rev, commit.toHex(), Namespaces.path(namespace), key, ValueText.of(value)));
    } else {
      out().println(ValueText.of(value));
    }
    return ExitCodes.OK;
  }
}

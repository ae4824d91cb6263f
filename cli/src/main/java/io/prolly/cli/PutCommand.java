package io.prolly.cli;

import io.prolly.Repository;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code prolly put KEY VALUE} or {@code prolly put --from-file FILE}: set and commit at once. */
@Command(name = "put", description = {"Sets a key to a string value and commits at once (one commit per put).",
    "With --from-file, sets every KEY<tab>VALUE line of a file (- for stdin) in one commit."})
final class PutCommand extends RepositoryCommand {

  @Parameters(index = "0", arity = "0..1", paramLabel = "KEY", description = "The key.")
  @Nullable String key;

  @Parameters(index = "1", arity = "0..1", paramLabel = "VALUE", description = "The value, stored as UTF-8.")
  @Nullable String value;

  @Option(names = "--from-file", paramLabel = "FILE", description = "Lines of KEY<tab>VALUE; - reads stdin.")
  @Nullable String fromFile;

  @Mixin
  WriteOptions write = new WriteOptions();

  @Override
  boolean createsRepository() {
    return true;
  }

  @Override
  int run(Repository repository) throws Exception {
    if (fromFile == null) {
      if (key == null || value == null) {
        throw new ParameterException(specOf(spec).commandLine(), "give KEY VALUE, or --from-file FILE");
      }
      BranchWrite writes = new BranchWrite(repository, write.branch);
      writes.set(write.namespace, key, value);
      out().println(writes.commit(write.messageOr("put " + Namespaces.qualified(write.namespace, key))));
      return ExitCodes.OK;
    }
    if (key != null) {
      throw new ParameterException(specOf(spec).commandLine(), "give KEY VALUE or --from-file FILE, not both");
    }
    List<EditFile.Pair> pairs = EditFile.read(fromFile, System.in);
    BranchWrite writes = new BranchWrite(repository, write.branch);
    try (Progress progress = progress("put", pairs.size())) {
      for (EditFile.Pair pair : pairs) {
        writes.set(write.namespace, pair.key(), pair.value());
        progress.step();
      }
    }
    String message = write.messageOr("put " + pairs.size() + " keys from " + fromFile);
    out().println(whileShowing("commit", () -> writes.commit(message)));
    return ExitCodes.OK;
  }
}

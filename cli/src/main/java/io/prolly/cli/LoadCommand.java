package io.prolly.cli;

import io.prolly.Codecs;
import io.prolly.CommitResult;
import io.prolly.Repository;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code prolly load FILE}: replace a namespace with a sorted file of pairs, streamed. */
@Command(name = "load", description = {"Replaces a namespace with the KEY<tab>VALUE lines of a file (- for stdin) in "
    + "one commit, reading the file as a stream: memory stays bounded whatever its size.",
    "The keys must come sorted by their UTF-8 bytes, each once: LC_ALL=C sort -t \"$(printf '\\t')\" -k1,1 -u."})
final class LoadCommand extends RepositoryCommand {

  @Parameters(paramLabel = "FILE", description = "Lines of KEY<tab>VALUE, sorted by key; - reads stdin.")
  String file = "";

  @Mixin
  WriteOptions write = new WriteOptions();

  @Override
  boolean createsRepository() {
    return true;
  }

  @Override
  int run(Repository repository) throws Exception {
    String branch = write.branch != null ? write.branch : Head.branch(repository);
    @Nullable String namespace = write.namespace;
    String message = write.messageOr("load " + file);
    CommitResult result;
    try (EditFile.Lines lines = EditFile.open(file, System.in)) {
      result = whileShowing("load", () -> repository.importSorted(branch, namespace == null ? "" : namespace,
          Codecs.utf8(), lines, message));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (IllegalArgumentException e) {
      throw new UserException(ExitCodes.USAGE, file + ": " + e.getMessage());
    }
    out().println(String.format("[%s %s] %s", branch, result.id().toShortHex(), message));
    return ExitCodes.OK;
  }
}

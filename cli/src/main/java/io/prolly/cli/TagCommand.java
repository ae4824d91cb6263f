package io.prolly.cli;

import io.prolly.Repository;
import io.prolly.spi.Hash;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code prolly tag}: list, create or delete tags. */
@Command(name = "tag", description = {"Without arguments, lists the tags.",
    "tag NAME [REV] names a commit (default: the checked-out branch's head) for good; -d NAME deletes a tag."})
final class TagCommand extends RepositoryCommand {

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The tag to create.")
  @Nullable String name;

  @Parameters(index = "1", arity = "0..1", paramLabel = "REV", description = "The commit it names.")
  @Nullable String revision;

  @Option(names = {"-d", "--delete"}, paramLabel = "NAME", description = "Delete this tag.")
  @Nullable String delete;

  @Option(names = "--json", description = "Print the list as JSON.")
  boolean json;

  @Override
  int run(Repository repository) {
    if (delete != null) {
      if (name != null) {
        throw new ParameterException(specOf(spec).commandLine(), "give -d NAME or NAME [REV], not both");
      }
      out().println("Deleted tag " + delete + " (was " + repository.deleteTag(delete).toShortHex() + ")");
    } else if (name != null) {
      Hash at = repository.createTag(name, revisionOr(revision, repository));
      out().println("Tagged " + at.toShortHex() + " as " + name);
    } else if (json) {
      List<RefView> views = repository.tags().entrySet().stream()
          .map(entry -> new RefView(entry.getKey(), entry.getValue().toHex(), false))
          .toList();
      printJson(views);
    } else {
      Table table = new Table();
      repository.tags().forEach((tag, id) -> table.row(tag, id.toShortHex()));
      table.print(out());
    }
    out().flush();
    return ExitCodes.OK;
  }
}

package io.prolly.cli;

import io.prolly.NamedRemote;
import io.prolly.Remotes;
import io.prolly.Repository;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code prolly remote}: list, add, change, rename or remove the remotes --repo remembers by name. */
@Command(name = "remote", description = {"Without arguments (or with 'list'), lists the remotes --repo remembers by "
    + "name; -v adds their URLs.", "remote add NAME URL remembers one; set-url NAME URL changes its URL; rename OLD "
    + "NEW renames it and its remote-tracking branches (remotes/OLD/* become remotes/NEW/*); remove NAME forgets it "
    + "and deletes them. fetch, pull, push and ls-remote take a remote's name wherever they take a URL, and 'prolly "
    + "clone URL PATH' remembers URL as origin. Tokens are never stored: give them with --token-file or PROLLY_TOKEN "
    + "at each use."})
final class RemoteCommand extends RepositoryCommand {

  /** The actions, for the help and shell completion. */
  static final class Actions implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return List.of("list", "add", "set-url", "rename", "remove").iterator();
    }
  }

  @Parameters(index = "0", arity = "0..1", paramLabel = "ACTION", completionCandidates = Actions.class,
      description = "list (default), add, set-url, rename or remove (rm).")
  @Nullable String action;

  @Parameters(index = "1..*", arity = "0..*", paramLabel = "ARG", description = "NAME [URL], or OLD NEW for rename.")
  List<String> arguments = new ArrayList<>();

  @Option(names = {"-v", "--verbose"}, description = "List the URLs too.")
  boolean verbose;

  @Option(names = "--json", description = "Print the list as JSON: [{name, url}].")
  boolean json;

  /** A remote as {@code --json} shows it. */
  record RemoteView(String name, String url) {}

  @Override
  int run(Repository repository) {
    Remotes remotes = repository.remotes();
    String verb = action == null ? "list" : action;
    switch (verb) {
      case "list" -> {
        arguments(verb, 0, "");
        list(remotes.list());
        return ExitCodes.OK;
      }
      case "add" -> {
        arguments(verb, 2, "NAME URL");
        NamedRemote added = remotes.add(arguments.get(0), uri(arguments.get(1)));
        out().println("Added remote " + added.name() + " at " + added.uri());
      }
      case "set-url" -> {
        arguments(verb, 2, "NAME URL");
        NamedRemote changed = remotes.setUri(arguments.get(0), uri(arguments.get(1)));
        out().println("Remote " + changed.name() + " is now at " + changed.uri());
      }
      case "rename" -> {
        arguments(verb, 2, "OLD NEW");
        NamedRemote renamed = remotes.rename(arguments.get(0), arguments.get(1));
        out().println("Renamed remote " + arguments.get(0) + " to " + renamed.name());
      }
      case "remove", "rm" -> {
        arguments(verb, 1, "NAME");
        remotes.remove(arguments.get(0));
        out().println("Removed remote " + arguments.get(0));
      }
      default -> throw new ParameterException(specOf(spec).commandLine(), "unknown action '" + verb
          + "' of remote; give list, add, set-url, rename or remove");
    }
    out().flush();
    return ExitCodes.OK;
  }

  private void arguments(String verb, int count, String expected) {
    if (arguments.size() != count) {
      throw new ParameterException(specOf(spec).commandLine(), "remote " + verb + " takes "
          + (count == 0 ? "no arguments" : expected) + ", not " + (arguments.isEmpty() ? "none"
          : arguments.size() + " (" + String.join(" ", arguments.stream().map(RemoteLocation::masked).toList()) + ")"));
    }
  }

  private static URI uri(String url) {
    try {
      return new URI(url);
    } catch (URISyntaxException e) {
      throw new UserException(ExitCodes.USAGE, "'" + RemoteLocation.masked(url) + "' is not a URL: " + e.getReason()
          + "; give one like http://host:8080/main");
    }
  }

  private void list(List<NamedRemote> remotes) {
    if (json) {
      printJson(remotes.stream().map(remote -> new RemoteView(remote.name(), remote.uri().toString())).toList());
      return;
    }
    Table table = new Table();
    remotes.forEach(remote -> {
      if (verbose) {
        table.row(remote.name(), remote.uri().toString());
      } else {
        table.row(remote.name());
      }
    });
    table.print(out());
  }
}

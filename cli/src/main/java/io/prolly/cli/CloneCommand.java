package io.prolly.cli;

import io.prolly.CloneOptions;
import io.prolly.PartialState;
import io.prolly.Remote;
import io.prolly.Repository;
import io.prolly.SyncReport;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code prolly clone SOURCE TARGET}: every branch and tag, of a local repository or one by URL, into a new one. */
@Command(name = "clone", description = "Copies every branch and tag with their history into a new, empty "
    + "repository, on any backend, in one transaction; SOURCE may be a repository served by 'prolly serve' at an "
    + "http:// URL. (--repo is not used.)")
final class CloneCommand extends TwoRepositoryCommand {

  @Mixin
  RemoteAccess access = new RemoteAccess();

  @Parameters(index = "0", paramLabel = "SOURCE", description = "The repository to clone: URI, path, or "
      + "http://HOST:PORT/NAME.")
  String source = "";

  @Parameters(index = "1", paramLabel = "TARGET", description = "The new repository: URI or path.")
  String target = "";

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Option(names = "--depth", paramLabel = "N", description = "A shallow clone: only the newest N commits of each "
      + "branch and tag (log and verify say where the history was cut; 'fetch --depth' or '--unshallow' deepens it).")
  @Nullable Integer depth;

  @Option(names = "--namespace", paramLabel = "NS", description = "Clone only this namespace and those nested below "
      + "it; repeat for more. Reading another namespace of the clone then fails with a clear error.")
  List<String> namespaces = new ArrayList<>();

  /** What the clone takes, from the options, for {@link #run}. */
  private CloneOptions options = CloneOptions.FULL;

  @Override
  public Integer call() throws Exception {
    CloneOptions options = new CloneOptions(FetchCommand.depth(depth, "clone"), namespaces);
    if (RemoteLocation.is(source)) {
      Remote from = RemoteLocation.open(source, access);
      // Listing the remote's refs first means a wrong URL fails before an empty target is created.
      from.refs();
      return into(target, true, to -> printSync(withProgress("clone", to,
          () -> to.transfer().cloneFrom(from, options)), json, "Cloned " + RemoteLocation.masked(source) + " into "
          + target + partial(to)));
    }
    this.options = options;
    return between(source, target, true);
  }

  @Override
  int run(Repository from, Repository to) {
    SyncReport report = withProgress("clone", from, () -> from.transfer().cloneInto(to, options));
    return printSync(report, json, "Cloned " + RemoteLocation.masked(source) + " into " + target + partial(to));
  }

  /** What a partial clone left out, for the summary line. */
  static String partial(Repository repository) {
    PartialState state = repository.partialState();
    return state.isPartial() ? " (" + state + ")" : "";
  }
}

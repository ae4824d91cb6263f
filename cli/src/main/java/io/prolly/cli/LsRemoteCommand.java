package io.prolly.cli;

import io.prolly.Remote;
import io.prolly.Repository;
import io.prolly.spi.Hash;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code prolly ls-remote [REMOTE]}: the branches and tags a server offers, with one request. */
@Command(name = "ls-remote", description = "Lists the branches and tags of a repository served by 'prolly serve', "
    + "one 'ID  REF' line each (heads/BRANCH, tags/TAG), in name order. (--repo is used only to look up a remote's "
    + "name.)")
final class LsRemoteCommand extends CliCommand {

  @Mixin
  RemoteAccess access = new RemoteAccess();

  @Parameters(index = "0", arity = "0..1", paramLabel = "REMOTE", description = "The served repository: "
      + "http://HOST:PORT/NAME, or a remote's name configured in --repo (see 'prolly remote'). Default: origin.")
  @Nullable String remote;

  @Option(names = "--json", description = "Print JSON: {ref: id}.")
  boolean json;

  @Override
  public Integer call() {
    SortedMap<String, Hash> refs = served().refs();
    if (json) {
      Map<String, String> ids = new LinkedHashMap<>();
      refs.forEach((ref, id) -> ids.put(ref, id.toHex()));
      printJson(ids);
    } else {
      PrintWriter out = out();
      refs.forEach((ref, id) -> out.println(id.toHex() + "  " + ref));
      out.flush();
    }
    return ExitCodes.OK;
  }

  /** The served repository: a URL needs no local repository, a remote's name is looked up in --repo. */
  private Remote served() {
    if (remote != null && RemoteLocation.is(remote)) {
      return RemoteLocation.open(remote, access);
    }
    if (remote != null && !RemoteLocation.isName(remote)) {
      throw new UserException(ExitCodes.USAGE, "ls-remote takes the URL of a served repository, such as "
          + "http://host:8080/main, or a remote's name, not '" + remote + "'; for a local repository use 'branch' "
          + "and 'tag'");
    }
    ProllyCommand root = root();
    Repository repository = root.openRepository(false);
    try {
      return java.util.Objects.requireNonNull(RemoteLocation.resolve(remote, repository, access, false)).remote();
    } finally {
      root.releaseRepository(repository);
    }
  }
}

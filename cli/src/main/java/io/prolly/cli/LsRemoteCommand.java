package io.prolly.cli;

import io.prolly.spi.Hash;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code prolly ls-remote URL}: the branches and tags a server offers, with one request. */
@Command(name = "ls-remote", description = "Lists the branches and tags of a repository served by 'prolly serve', "
    + "one 'ID  REF' line each (heads/BRANCH, tags/TAG), in name order. (--repo is not used.)")
final class LsRemoteCommand extends CliCommand {

  @Mixin
  RemoteAccess access = new RemoteAccess();

  @Parameters(index = "0", paramLabel = "URL", description = "The served repository: http://HOST:PORT/NAME.")
  String remote = "";

  @Option(names = "--json", description = "Print JSON: {ref: id}.")
  boolean json;

  @Override
  public Integer call() {
    if (!RemoteLocation.is(remote)) {
      throw new UserException(ExitCodes.USAGE, "ls-remote takes the URL of a served repository, such as "
          + "http://host:8080/main, not '" + remote + "'; for a local repository use 'branch' and 'tag'");
    }
    SortedMap<String, Hash> refs = RemoteLocation.open(remote, access).refs();
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
}

package io.prolly.cli;

import io.prolly.Repository;
import io.prolly.VerifyReport;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code prolly verify}: check every reachable node, like {@code git fsck}. */
@Command(name = "verify", description = {"Checks everything reachable from a branch, tag or live store, like git "
    + "fsck: every node present, hashing to its id, decoding, consistent; every commit signature matching its "
    + "commit (with --trusted-keys, signers not trusted are counted).", "Exit code 3 if a problem is found."})
final class VerifyCommand extends RepositoryCommand {

  /** One problem in the {@code --json} document. */
  record ProblemView(String path, String node, String message) {}

  /** The {@code --json} document. */
  record Verified(boolean clean, long commitsChecked, long nodesChecked, long bytesChecked, long millis,
      long signedCommits, long untrustedSignatures, List<ProblemView> problems, boolean partial,
      List<String> shallowCommits, List<String> namespaces) {}

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  int run(Repository repository) {
    VerifyReport report;
    try (Progress progress = progress("verify (commits)", -1)) {
      report = repository.maintenance().verify(sofar -> {
        progress.stepTo(sofar.commitsChecked());
        progress.message(String.format("%,d nodes", sofar.nodesChecked()));
      });
    }
    if (json) {
      printJson(new Verified(report.isClean(), report.commitsChecked(), report.nodesChecked(), report.bytesChecked(),
          report.duration().toMillis(), report.signedCommits(), report.untrustedSignatures(), report.problems().stream()
              .map(problem -> new ProblemView(problem.path(), problem.node().toHex(), problem.message())).toList(),
          report.isPartial(), report.partial().shallowCommits().stream().map(id -> id.toHex()).toList(),
          report.partial().namespaces()));
    } else {
      report.problems().forEach(problem -> out().println(ansi().string("@|red PROBLEM|@ ") + problem));
      if (report.isPartial()) {
        out().println("partial clone, not checked: " + (report.partial().isShallow() ? "history before "
            + report.partial().shallowCommits().stream().map(id -> id.toShortHex()).toList() + " not fetched" : "")
            + (report.partial().isShallow() && !report.partial().namespaces().isEmpty() ? "; " : "")
            + (report.partial().namespaces().isEmpty() ? "" : "only namespaces " + report.partial().namespaces()
            + " fetched"));
      }
      out().printf("%s: %,d commits, %,d nodes, %,d bytes checked in %d ms%s%n",
          report.isClean() ? "clean" : report.problems().size() + " problem(s)", report.commitsChecked(),
          report.nodesChecked(), report.bytesChecked(), report.duration().toMillis(), report.signedCommits() == 0 ? ""
              : String.format("; %,d signed commits, %,d by untrusted keys", report.signedCommits(),
                  report.untrustedSignatures()));
      out().flush();
    }
    return report.isClean() ? ExitCodes.OK : ExitCodes.CORRUPT;
  }
}

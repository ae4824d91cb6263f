package io.prolly.cli;

import io.prolly.error.MergeConflictException;
import io.prolly.merge.MergePreview;
import io.prolly.merge.MergeResult;
import io.prolly.Repository;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code prolly merge SOURCE}: merge a revision into a branch. */
@Command(name = "merge", description = {"Merges a revision into a branch: fast-forward when possible, else a "
    + "three-way merge commit.", "Conflicts are listed one per line (CONFLICT key), nothing is written, and "
    + "the exit code is 1.", "With --dry-run, says what the merge would do and writes nothing."})
final class MergeCommand extends RepositoryCommand {

  @Parameters(paramLabel = "SOURCE", description = "What to merge: a branch, tag or commit.")
  String source = "";

  @Option(names = "--into", paramLabel = "BRANCH", description = "The branch that receives it. "
      + "Default: the checked-out branch.")
  @Nullable String into;

  @Option(names = "--strategy", paramLabel = "fail|ours|theirs", description = "Keys changed differently on "
      + "both sides: fail (default), ours (keep the branch's), theirs (take the source's).")
  MergeStrategy strategy = MergeStrategy.FAIL;

  @Option(names = "--json", description = "Print JSON: the outcome (up_to_date, fast_forward, merged or "
      + "conflict), the commit, the keys the strategy settled and the conflicting keys.")
  boolean json;

  @Option(names = "--dry-run", description = "Write nothing: print what the merge would do, the changes the "
      + "branch would see and every conflict with its base, ours and theirs values (exit code 1 if any).")
  boolean dryRun;

  @Option(names = "--limit", paramLabel = "N", description = "With --dry-run, list at most N changes (all are "
      + "counted). Default: ${DEFAULT-VALUE}.")
  int limit = 1000;

  @Override
  int run(Repository repository) {
    String target = into != null ? into : Head.branch(repository);
    if (dryRun) {
      MergePreview preview = repository.previewMerge(source, target, strategy.resolver(),
          (int) nonNegative(limit, "--limit"));
      if (json) {
        printJson(MergePreviewReport.View.of(preview, source, target));
        return preview.outcome() == MergePreview.Outcome.CONFLICTS ? ExitCodes.NOT_FOUND_OR_CONFLICT : ExitCodes.OK;
      }
      return MergePreviewReport.print(preview, source, target, out(), ansi());
    }
    try {
      MergeResult result = repository.merge(source, target, strategy.resolver());
      if (json) {
        printJson(MergeReport.View.of(result, source, target));
      } else {
        MergeReport.done(result, source, target, out());
      }
      return ExitCodes.OK;
    } catch (MergeConflictException conflict) {
      if (json) {
        printJson(MergeReport.View.of(conflict, source, target));
        return ExitCodes.NOT_FOUND_OR_CONFLICT;
      }
      return MergeReport.refused(conflict, source, target, out(), ansi());
    }
  }
}

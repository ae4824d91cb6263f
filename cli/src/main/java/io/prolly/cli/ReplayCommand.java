package io.prolly.cli;

import io.prolly.Repository;
import io.prolly.error.MergeConflictException;
import io.prolly.merge.ConflictResolver;
import io.prolly.merge.MergeResult;
import java.io.PrintWriter;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code revert} and {@code cherry-pick} share: one commit's changes replayed on a branch by a
 * three-way merge, printed as a merge is, conflicts refused with exit code 1 unless a strategy
 * settles them.
 */
abstract class ReplayCommand extends RepositoryCommand {

  /**
   * The {@code --json} document.
   *
   * @param outcome {@code reverted} or {@code cherry_picked} when a commit was made, {@code up_to_date}
   *     when there was nothing to change, {@code conflict}
   * @param replayed the full id of the commit reverted or picked
   * @param commit the branch's head afterwards; null after a conflict
   */
  record View(String branch, String revision, String replayed, String outcome, @Nullable String commit,
      List<String> resolvedKeys, List<String> conflicts) {}

  @Parameters(paramLabel = "REV", description = "The commit: a branch, tag, commit id or expression such as main~2.")
  String revision = "";

  @Option(names = {"-b", "--branch"}, paramLabel = "BRANCH", description = "The branch that receives the new "
      + "commit. Default: the checked-out branch.")
  @Nullable String branch;

  @Option(names = "--strategy", paramLabel = "fail|ours|theirs", description = "Keys the branch changed "
      + "differently: fail (default), ours (keep the branch's), theirs (take the replayed change).")
  MergeStrategy strategy = MergeStrategy.FAIL;

  @Option(names = "--json", description = "Print JSON: the outcome, the commit, the keys the strategy settled "
      + "and the conflicting keys.")
  boolean json;

  /** Replays the commit on the branch. */
  abstract MergeResult replay(Repository repository, String target, String commit, ConflictResolver resolver);

  /** {@code reverted} or {@code cherry_picked}. */
  abstract String outcome();

  /** What the text output says was done, such as {@code Reverted}. */
  abstract String done();

  /** How the branch stands when there is nothing to change, such as {@code holds none of}. */
  abstract String unchanged();

  /** What was being done, for a refusal, such as {@code Revert}. */
  abstract String doing();

  @Override
  int run(Repository repository) {
    String target = branch != null ? branch : Head.branch(repository);
    String replayed = repository.resolve(revision).toHex();
    try {
      MergeResult result = replay(repository, target, replayed, strategy.resolver());
      boolean made = result.kind() == MergeResult.Kind.MERGED;
      if (json) {
        printJson(new View(target, revision, replayed, made ? outcome() : "up_to_date", result.commit().toHex(),
            result.resolvedKeys(), List.of()));
        return ExitCodes.OK;
      }
      PrintWriter out = out();
      if (made) {
        out.println(done() + " " + replayed.substring(0, 12) + " on " + target + ": " + result.commit().toShortHex()
            + (result.resolvedKeys().isEmpty() ? "" : " (" + result.resolvedKeys().size() + " conflicting key(s) "
            + "settled by the strategy: " + String.join(", ", result.resolvedKeys()) + ")"));
      } else {
        out.println("Nothing to change: " + target + " " + unchanged() + " the changes of " + replayed.substring(0, 12)
            + "; nothing was written");
      }
      out.flush();
      return ExitCodes.OK;
    } catch (MergeConflictException conflict) {
      if (json) {
        printJson(new View(target, revision, replayed, "conflict", null, List.of(), conflict.conflictingKeys()));
        return ExitCodes.NOT_FOUND_OR_CONFLICT;
      }
      PrintWriter out = out();
      out.printf("%s of %s on %s stopped: %d key(s) changed differently on the branch; nothing was written.%n",
          doing(), replayed.substring(0, 12), target, conflict.conflictingKeys().size());
      conflict.conflictingKeys().forEach(key -> out.println(ansi().string("@|red CONFLICT|@ ") + key));
      out.println("Retry with --strategy ours (keep " + target + "'s values) or --strategy theirs (take the "
          + "replayed change).");
      out.flush();
      return ExitCodes.NOT_FOUND_OR_CONFLICT;
    }
  }
}

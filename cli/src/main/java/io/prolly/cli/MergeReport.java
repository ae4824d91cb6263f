package io.prolly.cli;

import io.prolly.error.MergeConflictException;
import io.prolly.merge.MergeResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Help.Ansi;

/** What {@code merge} and {@code pull} print about a merge, done or refused. */
final class MergeReport {

  private MergeReport() {}

  /**
   * The {@code --json} document of a merge.
   *
   * @param outcome {@code up_to_date}, {@code fast_forward}, {@code merged} or {@code conflict}
   * @param commit the branch's head after the merge; null after a conflict
   */
  record View(String source, String into, String outcome, @Nullable String commit, List<String> resolvedKeys,
      List<String> conflicts) {

    static View of(MergeResult result, String source, String into) {
      return new View(source, into, result.kind().name().toLowerCase(Locale.ROOT), result.commit().toHex(),
          result.resolvedKeys(), List.of());
    }

    static View of(MergeConflictException conflict, String source, String into) {
      return new View(source, into, "conflict", null, List.of(), conflict.conflictingKeys());
    }
  }

  static void done(MergeResult result, String source, String into, PrintWriter out) {
    switch (result.kind()) {
      case UP_TO_DATE -> out.println(into + " already contains " + source);
      case FAST_FORWARD -> out.println("Fast-forward " + into + " to " + result.commit().toShortHex());
      case MERGED -> out.println("Merged " + source + " into " + into + ": " + result.commit().toShortHex()
          + (result.resolvedKeys().isEmpty() ? "" : " (" + result.resolvedKeys().size() + " conflicting key(s) "
          + "settled by the strategy: " + String.join(", ", result.resolvedKeys()) + ")"));
    }
    out.flush();
  }

  /** Prints the conflicting keys, one per line, and returns the exit code for a conflict. */
  static int refused(MergeConflictException conflict, String source, String into, PrintWriter out, Ansi ansi) {
    out.printf("Merge of %s into %s stopped: %d key(s) changed differently on both sides; nothing was written.%n",
        source, into, conflict.conflictingKeys().size());
    conflict.conflictingKeys().forEach(key -> out.println(ansi.string("@|red CONFLICT|@ ") + key));
    out.println("Retry with --strategy ours (keep " + into + ") or --strategy theirs (take " + source
        + "), or change one side and merge again.");
    out.flush();
    return ExitCodes.NOT_FOUND_OR_CONFLICT;
  }
}

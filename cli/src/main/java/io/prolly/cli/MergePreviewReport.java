package io.prolly.cli;

import io.prolly.merge.Conflict;
import io.prolly.merge.MergePreview;
import io.prolly.spi.Hash;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Help.Ansi;

/** What {@code merge --dry-run} prints: the outcome, the changes the branch would see and every conflict. */
final class MergePreviewReport {

  private MergePreviewReport() {}

  /**
   * The {@code --json} document of a preview.
   *
   * @param outcome {@code up_to_date}, {@code fast_forward}, {@code merged} or {@code conflict}
   * @param head the branch's head the preview was worked out on
   * @param base the merge base, null when none is needed or the histories share none
   */
  record View(String source, String into, boolean dryRun, String outcome, String head, String theirs,
      @Nullable String base, long changeCount, boolean truncated, List<ChangeView> changes,
      List<ConflictView> conflicts) {

    static View of(MergePreview preview, String source, String into) {
      return new View(source, into, true, MergePreviewReport.outcome(preview), preview.head().toHex(), preview.theirs().toHex(),
          preview.base() == null ? null : preview.base().toHex(), preview.changeCount(), preview.truncated(),
          preview.changes().stream().map(ChangeView::of).toList(),
          preview.conflicts().stream().map(ConflictView::of).toList());
    }
  }

  /** A conflict with its three values, each null when the key is absent on that side. */
  record ConflictView(String namespace, String key, @Nullable String base, @Nullable String ours,
      @Nullable String theirs) {

    static ConflictView of(MergePreview.KeyConflict conflict) {
      Conflict values = conflict.values();
      return new ConflictView(conflict.namespace(), conflict.key(), text(values.base()), text(values.ours()),
          text(values.theirs()));
    }

    String line(Ansi ansi) {
      String qualified = namespace.isEmpty() ? key : namespace + "/" + key;
      return ansi.string("@|red CONFLICT|@ ") + qualified + " (base " + shown(base) + ", ours " + shown(ours)
          + ", theirs " + shown(theirs) + ")";
    }
  }

  static String outcome(MergePreview preview) {
    return preview.outcome() == MergePreview.Outcome.CONFLICTS ? "conflict"
        : preview.outcome().name().toLowerCase(Locale.ROOT);
  }

  /** Prints the preview and returns the exit code: that of a conflict when there are conflicts. */
  static int print(MergePreview preview, String source, String into, PrintWriter out, Ansi ansi) {
    String would = switch (preview.outcome()) {
      case UP_TO_DATE -> into + " already contains " + source + ": the merge would change nothing";
      case FAST_FORWARD -> "Merge of " + source + " into " + into + " would fast-forward " + into + " to "
          + preview.theirs().toShortHex();
      case MERGED -> "Merge of " + source + " into " + into + " would make a merge commit" + base(preview.base());
      case CONFLICTS -> "Merge of " + source + " into " + into + " would stop: " + preview.conflicts().size()
          + " key(s) changed differently on both sides" + base(preview.base());
    };
    out.println(would);
    preview.changes().forEach(change -> out.println(ChangeView.of(change).line(ansi)));
    if (preview.truncated()) {
      out.printf("... and %,d more (see --limit)%n", preview.changeCount() - preview.changes().size());
    }
    out.printf("%,d change(s)%s%n", preview.changeCount(),
        preview.outcome() == MergePreview.Outcome.CONFLICTS ? " to the keys that merge cleanly" : "");
    preview.conflicts().forEach(conflict -> out.println(ConflictView.of(conflict).line(ansi)));
    out.println("Dry run: nothing was written.");
    out.flush();
    return preview.outcome() == MergePreview.Outcome.CONFLICTS ? ExitCodes.NOT_FOUND_OR_CONFLICT : ExitCodes.OK;
  }

  private static String base(@Nullable Hash base) {
    return base == null ? " (no common ancestor)" : " (base " + base.toShortHex() + ")";
  }

  private static @Nullable String text(byte @Nullable [] value) {
    return value == null ? null : ValueText.of(value);
  }

  private static String shown(@Nullable String value) {
    return value == null ? "absent" : value;
  }
}

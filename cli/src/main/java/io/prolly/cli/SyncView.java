package io.prolly.cli;

import io.prolly.merge.MergeResult;
import io.prolly.SyncReport;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What {@code clone}, {@code copy}, {@code push} and {@code pull} print, and their {@code --json}
 * document.
 *
 * @param nodes nodes transferred
 * @param bytes bytes transferred
 * @param refsUpdated refs created or moved on the receiving side
 * @param merge how a pull merged, or null
 * @param millis how long it took
 */
record SyncView(long nodes, long bytes, List<String> refsUpdated, @Nullable String merge, long millis) {

  static SyncView of(SyncReport report) {
    MergeResult merge = report.merge();
    return new SyncView(report.nodesTransferred(), report.bytesTransferred(), report.refsUpdated(),
        merge == null ? null : merge.kind().name().toLowerCase(Locale.ROOT) + " " + merge.commit().toHex(),
        report.duration().toMillis());
  }

  void print(String what, PrintWriter out) {
    out.printf("%s: %,d nodes (%,d bytes) transferred in %d ms; refs updated: %s%n", what, nodes, bytes, millis,
        refsUpdated.isEmpty() ? "none" : String.join(", ", refsUpdated));
    if (merge != null) {
      out.println("  merge: " + merge);
    }
    out.flush();
  }
}

package io.prolly.cli;

import io.prolly.KeyChange;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Help.Ansi;

/**
 * The changes {@code diff} and {@code show} print: the first {@code limit} in full, and a count of
 * all of them, read lazily so that a large diff costs memory only for what is shown.
 */
final class ChangeList {

  /** The {@code --json} form: the changes shown and how many there are in all. */
  record View(long total, boolean truncated, List<ChangeView> changes) {}

  private final List<ChangeView> shown = new ArrayList<>();
  private long total;

  ChangeList(Stream<KeyChange<byte[]>> changes, long limit) {
    try (changes) {
      changes.forEach(change -> {
        if (total++ < limit) {
          shown.add(ChangeView.of(change));
        }
      });
    }
  }

  View view() {
    return new View(total, total > shown.size(), List.copyOf(shown));
  }

  void print(PrintWriter out, Ansi ansi) {
    shown.forEach(change -> out.println(change.line(ansi)));
    if (total > shown.size()) {
      out.printf("... and %,d more (see --limit)%n", total - shown.size());
    }
    out.printf("%,d change(s)%n", total);
    out.flush();
  }
}

package io.prolly.cli;

import io.prolly.Repository;
import io.prolly.spi.Hash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Help.Ansi;

/** Which branches and tags point at each commit, to decorate {@code log} and {@code show}. */
final class RefNames {

  private final Map<Hash, List<String>> byCommit = new HashMap<>();

  RefNames(Repository repository) {
    repository.branches().forEach((name, id) -> byCommit.computeIfAbsent(id, key -> new ArrayList<>()).add(name));
    repository.tags().forEach((name, id) ->
        byCommit.computeIfAbsent(id, key -> new ArrayList<>()).add("tag: " + name));
  }

  /** The names pointing at a commit: branches by name, tags as {@code tag: NAME}. */
  List<String> of(Hash commit) {
    return byCommit.getOrDefault(commit, List.of());
  }

  /** The names in parentheses, green when the terminal takes colours, then a space; or nothing. */
  String decoration(Hash commit, Ansi ansi) {
    List<String> names = of(commit);
    return names.isEmpty() ? "" : ansi.string("@|green (" + String.join(", ", names) + ")|@") + " ";
  }
}

package io.prolly.tree;

import io.prolly.ProllyException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a three-way merge meets conflicts its resolver leaves unresolved. The merge then
 * writes nothing. It lists every unresolved conflict, so that all can be fixed at once.
 */
public class MergeConflictException extends ProllyException {

  private static final int SHOWN = 10;

  private final List<Conflict> conflicts;

  /**
   * Creates the exception.
   *
   * @param conflicts the unresolved conflicts, in key order; at least one
   */
  public MergeConflictException(List<Conflict> conflicts) {
    super(message(conflicts));
    this.conflicts = List.copyOf(conflicts);
  }

  /**
   * Returns the unresolved conflicts.
   *
   * @return the conflicts in key order, unmodifiable
   */
  public List<Conflict> conflicts() {
    return conflicts;
  }

  private static String message(List<Conflict> conflicts) {
    String shown = conflicts.stream().limit(SHOWN).map(Conflict::toString).collect(Collectors.joining("; "));
    return "merge stopped: " + conflicts.size() + " key(s) changed differently on both sides: " + shown
        + (conflicts.size() > SHOWN ? "; ..." : "")
        + ". Resolve them with a conflict resolver (ours, theirs or a custom one), or edit one side and merge again";
  }
}

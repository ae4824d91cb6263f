package io.prolly.error;

import io.prolly.error.MergeConflictException;
import io.prolly.error.ProllyException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Thrown when a merge meets keys that both sides changed differently and no merge function or
 * resolver settled. Nothing was written: the target branch is where it was and a committing
 * store keeps its staged writes, so the caller can register a {@code MergeFn}, change the staged
 * values, or {@code Store.discardChanges()} and try again.
 */
public class MergeConflictException extends ProllyException {

  private static final long serialVersionUID = 1L;
  private static final int SHOWN = 10;

  /** The unresolved keys, qualified by namespace path, in order. */
  private final List<String> conflictingKeys;
  /** What each failing merge function threw, by qualified key. */
  private final Map<String, Throwable> mergeErrors;

  /**
   * Creates the exception.
   *
   * @param what what was being merged, for the message, such as {@code "commit to branch 'main'"}
   * @param conflictingKeys the unresolved keys, qualified by namespace path, in order; at least one
   * @param mergeErrors for each key whose merge function threw, what it threw
   */
  public MergeConflictException(String what, List<String> conflictingKeys, Map<String, Throwable> mergeErrors) {
    super(message(what, conflictingKeys, mergeErrors));
    this.conflictingKeys = List.copyOf(conflictingKeys);
    this.mergeErrors = Map.copyOf(mergeErrors);
    mergeErrors.values().forEach(this::addSuppressed);
  }

  /**
   * Returns the keys left unresolved.
   *
   * @return the keys qualified by namespace path ({@code eu/o-2}), in order, unmodifiable
   */
  public List<String> conflictingKeys() {
    return conflictingKeys;
  }

  /**
   * Returns what the merge functions that failed threw.
   *
   * @return qualified key to exception, unmodifiable; empty when every conflict simply had no
   *     merge function
   */
  public Map<String, Throwable> mergeErrors() {
    return mergeErrors;
  }

  private static String message(String what, List<String> keys, Map<String, Throwable> errors) {
    String shown = keys.stream().limit(SHOWN).map(key -> errors.containsKey(key)
        ? key + " (merge function failed: " + errors.get(key) + ")" : key).collect(Collectors.joining(", "));
    return what + " stopped: " + keys.size() + " key(s) changed differently on both sides: " + shown
        + (keys.size() > SHOWN ? ", ..." : "") + ". Nothing was written. Register a MergeFn for these keys "
        + "(setMergeFn / setDefaultMergeFn), pick a resolver such as ours or theirs, or change one side and retry";
  }
}

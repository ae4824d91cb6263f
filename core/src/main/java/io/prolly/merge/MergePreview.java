package io.prolly.merge;

import io.prolly.KeyChange;
import io.prolly.spi.Hash;
import io.prolly.spi.support.Arguments;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What {@link io.prolly.Repository#merge(String, String, ConflictResolver)} would do, worked out by
 * {@link io.prolly.Repository#previewMerge(String, String, ConflictResolver, int)} without writing
 * anything: the outcome, the keys the branch would change and every conflict.
 *
 * <p>Immutable; safe to share between threads as long as nobody changes the value arrays.
 *
 * @param outcome what the merge would do
 * @param head the branch's head the preview was worked out on; a merge made after the branch
 *     moved may differ
 * @param theirs the commit that would be merged in
 * @param base the merge base, or null if the histories share no commit or none is needed (up to
 *     date, fast-forward)
 * @param changes the first changes the branch would see, as {@link io.prolly.Repository#diff} lists
 *     them from its head to the merge (raw bytes, by namespace path then key), at most the number
 *     asked for; with {@link Outcome#CONFLICTS}, those of the keys that merge cleanly
 * @param changeCount how many changes there are in all, listed or not
 * @param conflicts every key the resolver would leave unresolved, with its base, our and their
 *     values, by namespace path then key; empty unless the outcome is {@link Outcome#CONFLICTS}
 */
public record MergePreview(Outcome outcome, Hash head, Hash theirs, @Nullable Hash base,
    List<KeyChange<byte[]>> changes, long changeCount, List<KeyConflict> conflicts) {

  /** How the merge would end. */
  public enum Outcome {
    /** The branch already contains the source: nothing would be written. */
    UP_TO_DATE,
    /** The branch is an ancestor of the source and would point to it. */
    FAST_FORWARD,
    /** A merge commit would be made. */
    MERGED,
    /** Keys would stay unresolved: the merge would throw {@link io.prolly.error.MergeConflictException}. */
    CONFLICTS
  }

  /**
   * A key the merge would leave unresolved.
   *
   * @param namespace the key's namespace path; {@code ""} for the root namespace
   * @param key the key
   * @param values the key's base, our (the branch's) and their values, as a resolver sees them
   */
  public record KeyConflict(String namespace, String key, Conflict values) {

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException if a field is null
     */
    public KeyConflict {
      Arguments.notNull(namespace, "namespace");
      Arguments.notNull(key, "key");
      Arguments.notNull(values, "values");
    }

    /**
     * Returns the key qualified by its namespace path, as {@link io.prolly.error.MergeConflictException}
     * names it: {@code eu/o-2}.
     *
     * @return the qualified key
     */
    public String qualifiedKey() {
      return namespace.isEmpty() ? key : namespace + "/" + key;
    }
  }

  /**
   * Checks and copies the fields.
   *
   * @throws IllegalArgumentException if a field other than {@code base} is null, or the count is
   *     below the number of changes listed
   */
  public MergePreview {
    Arguments.notNull(outcome, "outcome");
    Arguments.notNull(head, "head");
    Arguments.notNull(theirs, "theirs");
    changes = List.copyOf(Arguments.notNull(changes, "changes"));
    conflicts = List.copyOf(Arguments.notNull(conflicts, "conflicts"));
    Arguments.check(changeCount >= changes.size(), "changeCount %d is below the %d changes listed", changeCount,
        changes.size());
  }

  /**
   * Tells whether more changes were counted than listed.
   *
   * @return true if {@link #changeCount()} exceeds the size of {@link #changes()}
   */
  public boolean truncated() {
    return changeCount > changes.size();
  }
}

package io.prolly.merge;

import io.prolly.spi.support.Arguments;
import io.prolly.spi.Hash;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a merge did: {@link io.prolly.Repository#merge} of two branches, the automatic merge of a
 * {@link io.prolly.Store#commit} whose branch had moved, or the merge by which
 * {@link io.prolly.Repository#revert} and {@link io.prolly.Repository#cherryPick} replay one
 * commit's changes on a branch.
 *
 * @param commit the commit the target branch points to afterwards
 * @param base the merge base, or null if the histories share no commit; for a revert, the
 *     reverted commit; for a cherry-pick, the picked commit's parent (null for a first commit)
 * @param theirs the commit merged in, reverted or picked
 * @param kind whether anything had to be merged
 * @param resolvedKeys keys both sides changed differently and a merge function or resolver
 *     settled, qualified by namespace path ({@code eu/o-2}), in order
 */
public record MergeResult(Hash commit, @Nullable Hash base, Hash theirs, Kind kind, List<String> resolvedKeys) {

  /** How a merge ended. */
  public enum Kind {
    /**
     * The target already contained the source (for a revert: held none of the commit's changes;
     * for a cherry-pick: held all of them); nothing was written.
     */
    UP_TO_DATE,
    /** The target was an ancestor of the source and now points to it; no commit was made. */
    FAST_FORWARD,
    /** Both sides had changes; a commit holding both (or the revert or cherry-pick) was made. */
    MERGED
  }

  /**
   * Checks and copies the fields.
   *
   * @throws IllegalArgumentException if a field other than {@code base} is null
   */
  public MergeResult {
    Arguments.notNull(commit, "commit");
    Arguments.notNull(theirs, "theirs");
    Arguments.notNull(kind, "kind");
    resolvedKeys = List.copyOf(Arguments.notNull(resolvedKeys, "resolvedKeys"));
  }
}

package io.prolly.merge;

import io.prolly.spi.support.Arguments;
import io.prolly.spi.Hash;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a merge did: {@link io.prolly.Repository#merge} of two branches, or the automatic merge of a
 * {@link io.prolly.Store#commit} whose branch had moved.
 *
 * @param commit the commit the target branch points to afterwards
 * @param base the merge base, or null if the histories share no commit
 * @param theirs the commit merged in
 * @param kind whether anything had to be merged
 * @param resolvedKeys keys both sides changed differently and a merge function or resolver
 *     settled, qualified by namespace path ({@code eu/o-2}), in order
 */
public record MergeResult(Hash commit, @Nullable Hash base, Hash theirs, Kind kind, List<String> resolvedKeys) {

  /** How a merge ended. */
  public enum Kind {
    /** The target already contained the source; nothing was written. */
    UP_TO_DATE,
    /** The target was an ancestor of the source and now points to it; no commit was made. */
    FAST_FORWARD,
    /** Both sides had changes; a commit holding both was made. */
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

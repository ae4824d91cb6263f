package io.prolly.commit;

import io.prolly.spi.Hash;
import java.util.List;
import java.util.Set;

/**
 * The commits some heads reach that a receiver holding other heads lacks, as
 * {@link CommitGraph#difference} finds them.
 *
 * @param commits the commits reachable from the heads and not from the receiver's heads, newest
 *     first; never one too few, and exact unless a clock ran backwards (see {@link CommitGraph#difference})
 * @param known the commits the walk saw that the receiver's heads reach: every parent of
 *     {@code commits} that the receiver holds is in it
 */
public record HistoryDifference(List<Hash> commits, Set<Hash> known) {

  /** Copies both collections. */
  public HistoryDifference {
    commits = List.copyOf(commits);
    known = Set.copyOf(known);
  }
}

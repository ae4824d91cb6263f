package io.prolly;

import io.prolly.spi.Hash;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A branch about to move, as a {@link CommitValidator} sees it: nothing is published yet. The
 * streams are lazy, so a validator that looks only at the head commit reads nothing else; they
 * can be read only during {@link CommitValidator#validate}.
 *
 * <p>Not thread-safe: read it from the validator's thread.
 */
public interface BranchChange {

  /**
   * Returns the branch that moves.
   *
   * @return its name, such as {@code main}
   */
  String branch();

  /**
   * Returns the branch's current head.
   *
   * @return the commit it points at now, or null if the branch is being created
   */
  @Nullable Hash oldHead();

  /**
   * Returns the commit the branch is to point at.
   *
   * @return the new head
   */
  CommitInfo newHead();

  /**
   * Lists the commits the move adds to the branch's history: reachable from the new head and not
   * from the old one, newest first. One for a commit, revert or cherry-pick; the merge and the
   * merged commits for a merge; none for a reset to an older commit.
   *
   * @return the new commits, read as the stream is consumed
   */
  Stream<CommitInfo> newCommits();

  /**
   * Lists what the move changes in every namespace, as {@link Repository#diff(String, String)}
   * would between the old head (or an empty repository) and the new one.
   *
   * @return the changes, by namespace path then key, read lazily
   */
  Stream<KeyChange<byte[]>> changes();

  /**
   * Lists what the move changes in every namespace, decoded.
   *
   * @param codec decodes the values
   * @param <V> the type of the values
   * @return the changes, by namespace path then key, read lazily
   * @throws IllegalArgumentException if the codec is null
   */
  <V> Stream<KeyChange<V>> changes(Codec<V> codec);
}

package io.prolly;

import io.prolly.merge.MergeResult;
import io.prolly.error.ConcurrencyException;
import io.prolly.error.MergeConflictException;
import io.prolly.error.RevisionNotFoundException;
import io.prolly.spi.Hash;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A typed working copy of one namespace of a branch, like a checkout in git: writes are staged in
 * memory, reads see staged values first and the branch's committed data otherwise, and
 * {@link #commit(String)} turns everything staged into one commit, atomically.
 *
 * <p>{@link #namespace(String)} gives a view of a nested namespace that shares this working copy:
 * its staged writes, its base commit and its merge functions. Committing through any view commits
 * everything staged in the working copy.
 *
 * <p>If the branch moved since the working copy's {@linkplain #baseCommit() base} (another store
 * or process committed), {@code commit} merges: keys only one side changed combine, keys both
 * changed go to the {@link io.prolly.merge.MergeFn} registered for them, and the result is committed on top of the
 * branch's new head, retried a bounded number of times. Nothing is written when a conflict stays
 * unresolved ({@link MergeConflictException}) or the retries run out ({@link ConcurrencyException}).
 *
 * <p>A store is a single-writer working copy and is <b>not thread-safe</b>: give each thread its
 * own ({@link Repository#store(String, Codec)} is cheap). Many stores committing to one branch at
 * once are safe. For a view that never changes and may be shared, take a
 * {@link Repository#snapshot(String, Codec) snapshot}.
 *
 * @param <V> the type of the values
 */
public interface Store<V> extends WritableStore<V> {

  /**
   * Returns a view of a nested namespace that shares this working copy: its staged writes, its base commit and its merge functions.
   *
   * @param name a name such as {@code eu}, or a path such as {@code eu/fr}
   * @return the view
   * @throws IllegalArgumentException if the name is null, empty, has an empty segment or a
   *     control character
   */
  Store<V> namespace(String name);

  /**
   * Commits everything staged in this working copy, in every namespace, as one commit on the
   * branch, merging with whatever the branch received since the {@linkplain #baseCommit() base}.
   * On success the staged writes are cleared and the new commit becomes the base.
   *
   * @param message why; may be empty
   * @return the new commit and how it was made
   * @throws IllegalStateException if nothing is staged
   * @throws MergeConflictException if the branch moved and a key changed on both sides stays
   *     unresolved; nothing is written and the staged writes stay
   * @throws ConcurrencyException if the branch kept moving through every retry; nothing is written
   * @throws IllegalArgumentException if the message is null or too long
   */
  CommitResult commit(String message);

  /**
   * Commits like {@link #commit(String)}, recording metadata for the application.
   *
   * @param message why; may be empty
   * @param metadata string pairs stored with the commit
   * @return the new commit and how it was made
   * @throws IllegalStateException if nothing is staged
   * @throws MergeConflictException if a conflict stays unresolved; nothing is written
   * @throws ConcurrencyException if the branch kept moving through every retry; nothing is written
   * @throws IllegalArgumentException if the message or metadata is null or too long
   */
  CommitResult commit(String message, Map<String, String> metadata);

  /** Discards everything staged in this working copy, in every namespace. */
  void discardChanges();

  /**
   * Moves the base of this working copy to the branch's current head, so reads see what others
   * committed. Staged writes stay and still win over committed values.
   *
   * @throws RevisionNotFoundException if the branch was deleted
   */
  void refresh();

  /**
   * Tells whether anything is staged in this working copy.
   *
   * @return true if a write or removal is staged, in any namespace
   */
  boolean hasChanges();

  /**
   * Returns the commit the branch points to now, which may be ahead of the base when others
   * committed.
   *
   * @return the head commit, or null if the branch has no commit yet
   */
  @Nullable Hash currentCommit();

  /**
   * Returns the commit this working copy reads and stages on top of.
   *
   * @return the base commit, or null for a branch that has no commit yet
   */
  @Nullable Hash baseCommit();

  /**
   * Returns what the merge of the last {@link #commit} did, if it had to merge.
   *
   * @return the merge, or null if the last commit found the branch where the base was, or
   *     there was no commit yet
   */
  @Nullable MergeResult lastMergeResult();
}

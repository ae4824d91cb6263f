package io.prolly;

import io.prolly.merge.MergeFn;
import io.prolly.merge.MergeResult;
import io.prolly.error.CodecException;
import io.prolly.error.ConcurrencyException;
import io.prolly.error.MergeConflictException;
import io.prolly.error.RevisionNotFoundException;
import io.prolly.spi.Hash;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A typed working copy of one namespace of a branch, like a checkout in git: writes are staged in
 * memory, reads see staged values first and the branch's committed data otherwise, and
 * {@link #commit(String)} turns everything staged into one commit, atomically.
 *
 * <p>Keys are strings of 0 to 4,096 UTF-8 bytes, ordered by their UTF-8 bytes (that is, by code
 * point). Values are turned into bytes by the store's {@link Codec} when they are set, so changing
 * an object after setting it does not change what is staged.
 *
 * <p>{@link #namespace(String)} gives a view of a nested namespace that shares this working copy:
 * its staged writes, its base commit and its merge functions. Committing through any view commits
 * everything staged in the working copy.
 *
 * <p>If the branch moved since the working copy's {@linkplain #baseCommit() base} (another store
 * or process committed), {@code commit} merges: keys only one side changed combine, keys both
 * changed go to the {@link MergeFn} registered for them, and the result is committed on top of the
 * branch's new head, retried a bounded number of times. Nothing is written when a conflict stays
 * unresolved ({@link MergeConflictException}) or the retries run out ({@link ConcurrencyException}).
 *
 * <p>A store is a single-writer working copy and is <b>not thread-safe</b>: give each thread its
 * own ({@link Repository#store(String, Codec)} is cheap). Many stores committing to one branch at
 * once are safe. Read-only stores from {@link #checkout(String)} and
 * {@link Repository#snapshot(String, Codec)} never change and may be shared between threads.
 *
 * <p>In Kotlin, {@code store["k"]}, {@code store["k"] = v} and {@code "k" in store} call
 * {@link #get}, {@link #set} and {@link #contains}; {@code get} returns {@code V?}.
 *
 * @param <V> the type of the values
 */
public interface Store<V> {

  /**
   * Returns the value of a key.
   *
   * @param key the key
   * @return the staged value if there is one, otherwise the committed value, or null if the key is
   *     absent or its removal is staged
   * @throws IllegalArgumentException if the key is null or over 4,096 UTF-8 bytes
   * @throws CodecException if the stored bytes are not a value of this store's codec
   */
  @Nullable V get(String key);

  /**
   * Returns the value of a key that must be there: the strict variant of {@link #get}.
   *
   * @param key the key
   * @return the value
   * @throws NoSuchElementException if the key is absent; the message names the key, the
   *     namespace and the branch
   * @throws IllegalArgumentException if the key is null or over 4,096 UTF-8 bytes
   */
  V require(String key);

  /**
   * Returns the value of a key, or a default when the key is absent.
   *
   * @param key the key
   * @param defaultValue what to return for an absent key
   * @return the value, or {@code defaultValue}
   * @throws IllegalArgumentException if the key is null or over 4,096 UTF-8 bytes
   */
  V getOrDefault(String key, V defaultValue);

  /**
   * Returns the values of several keys at once.
   *
   * @param keys the keys
   * @return the present keys and their values, in key order; absent keys are left out
   * @throws IllegalArgumentException if the collection or a key is null or a key is too long
   */
  Map<String, V> getMany(Collection<String> keys);

  /**
   * Tells whether a key has a value.
   *
   * @param key the key
   * @return true if {@link #get} would return a value
   * @throws IllegalArgumentException if the key is null or over 4,096 UTF-8 bytes
   */
  boolean contains(String key);

  /**
   * Stages a value for a key, replacing any value it has.
   *
   * @param key the key
   * @param value the value; use {@link #remove} to delete a key
   * @throws IllegalArgumentException if the key or value is null, the key is too long, or the
   *     codec cannot encode the value
   * @throws UnsupportedOperationException if this store is a read-only snapshot
   */
  void set(String key, V value);

  /**
   * Stages the removal of a key. Removing an absent key is allowed and does nothing visible; see
   * {@link #removeExisting} for the strict variant.
   *
   * @param key the key
   * @return true if the key had a value
   * @throws IllegalArgumentException if the key is null or over 4,096 UTF-8 bytes
   * @throws UnsupportedOperationException if this store is a read-only snapshot
   */
  boolean remove(String key);

  /**
   * Stages the removal of a key that must be there: the strict variant of {@link #remove}.
   *
   * @param key the key
   * @return the value it had
   * @throws NoSuchElementException if the key is absent; nothing is staged then
   * @throws IllegalArgumentException if the key is null or over 4,096 UTF-8 bytes
   * @throws UnsupportedOperationException if this store is a read-only snapshot
   */
  V removeExisting(String key);

  /**
   * Returns the keys of this namespace, not those of nested namespaces.
   *
   * @return the keys in order, read lazily; staged writes included
   */
  Stream<String> keys();

  /**
   * Returns the keys of this namespace and of every namespace nested below it. A key of a nested
   * namespace is given with the namespace's path relative to this one: key {@code o-2} of
   * namespace {@code eu} reads {@code eu/o-2}.
   *
   * @return this namespace's keys, then each nested namespace's keys, namespaces in path order
   */
  Stream<String> descendantKeys();

  /**
   * Returns the names of the namespaces directly below this one that hold at least one key,
   * themselves or further down.
   *
   * @return the names, sorted
   */
  List<String> namespaces();

  /**
   * Returns the entries of this namespace.
   *
   * @return the entries in key order, read lazily; staged writes included
   */
  Stream<Map.Entry<String, V>> entries();

  /**
   * Returns the entries whose keys lie in {@code [from, to)}.
   *
   * @param from the first key included, or null to start at the first key
   * @param to the first key excluded, or null to run to the last key
   * @return the entries in key order, read lazily
   * @throws IllegalArgumentException if {@code from} is after {@code to} or a key is too long
   */
  Stream<Map.Entry<String, V>> range(@Nullable String from, @Nullable String to);

  /**
   * Returns the entries whose keys start with a prefix.
   *
   * @param prefix the prefix; empty for all entries
   * @return the entries in key order, read lazily
   * @throws IllegalArgumentException if the prefix is null or too long
   */
  Stream<Map.Entry<String, V>> prefix(String prefix);

  /**
   * Counts the keys of this namespace, staged writes included. Costs O(log n) plus a lookup per
   * staged key, not a scan.
   *
   * @return the number of keys
   */
  long size();

  /**
   * Returns a view of a nested namespace that shares this working copy.
   *
   * @param name a name such as {@code eu}, or a path such as {@code eu/fr}
   * @return the view
   * @throws IllegalArgumentException if the name is null, empty, has an empty segment or a
   *     control character
   */
  Store<V> namespace(String name);

  /**
   * Returns this view's namespace path.
   *
   * @return {@code ""} for the root namespace, otherwise a path such as {@code eu/fr}
   */
  String namespacePath();

  /**
   * Returns the branch this working copy commits to.
   *
   * @return the branch name, or the revision for a read-only snapshot
   */
  String branch();

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
   * @throws UnsupportedOperationException if this store is a read-only snapshot
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
   * @throws UnsupportedOperationException if this store is a read-only snapshot
   * @throws IllegalArgumentException if the message or metadata is null or too long
   */
  CommitResult commit(String message, Map<String, String> metadata);

  /** Discards everything staged in this working copy, in every namespace. */
  void reset();

  /**
   * Moves the base of this working copy to the branch's current head, so reads see what others
   * committed. Staged writes stay and still win over committed values.
   *
   * @throws UnsupportedOperationException if this store is a read-only snapshot
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

  /**
   * Sets how a key of this namespace is merged when both sides changed it.
   *
   * @param key the key
   * @param mergeFn the merge function, such as {@link MergeFn#counter()}
   * @throws IllegalArgumentException if an argument is null or the key is too long
   */
  void setMergeFn(String key, MergeFn<V> mergeFn);

  /**
   * Sets how keys of this namespace, and of namespaces below it that have no default of their
   * own, are merged when both sides changed them and no per-key function is set. Without one, such
   * keys are conflicts.
   *
   * @param mergeFn the merge function
   * @throws IllegalArgumentException if the function is null
   */
  void setDefaultMerge(MergeFn<V> mergeFn);

  /**
   * Sets the author recorded by this working copy's commits; by default the repository's.
   *
   * @param author 1 to 1,024 UTF-8 bytes
   * @throws IllegalArgumentException if the author is null, empty or too long
   */
  void setAuthor(String author);

  /**
   * Creates a branch at this working copy's base commit and returns a working copy of it, with
   * nothing staged, the same codec and the same namespace. This store keeps its staged writes.
   *
   * @param name the new branch
   * @return a store on the new branch
   * @throws IllegalArgumentException if the name is not a valid branch name or the branch exists
   * @throws IllegalStateException if the base has no commit yet
   */
  Store<V> createBranch(String name);

  /**
   * Returns a read-only view of this namespace at a revision: time travel. Reading an old revision
   * costs what reading the newest does.
   *
   * @param revision a revision such as {@code main~3}, a tag or a commit id prefix
   * @return the read-only store
   * @throws RevisionNotFoundException if the revision names no commit
   */
  Store<V> checkout(String revision);

  /**
   * Tells whether writes are refused because this is a snapshot of a revision.
   *
   * @return true for stores from {@link #checkout} and {@link Repository#snapshot}
   */
  boolean isReadOnly();
}

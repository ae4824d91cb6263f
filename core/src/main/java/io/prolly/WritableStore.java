package io.prolly;

import io.prolly.merge.MergeFn;
import java.util.NoSuchElementException;

/**
 * The writes of the stores that write to a branch: a staged {@link Store}, whose writes wait for
 * {@link Store#commit(String)}, and a {@link LiveStore}, whose writes are committed at once.
 *
 * <p>Values are turned into bytes by the store's {@link Codec} when they are set, so changing an
 * object after setting it does not change what was written. In Kotlin, {@code store["k"] = v}
 * calls {@link #set}.
 *
 * <p>When two writers change the same key, the {@link MergeFn} set for it (or the namespace's
 * default) decides; without one the later commit fails with a merge conflict.
 *
 * @param <V> the type of the values
 */
public interface WritableStore<V> extends ReadableStore<V> {

  /**
   * Stages a value for a key, replacing any value it has. A value of any size, empty included,
   * reads back byte for byte; a large one is stored in content-addressed chunks, so the same
   * value set again, under any key, adds almost no nodes.
   *
   * @param key the key
   * @param value the value; use {@link #remove} to delete a key
   * @throws IllegalArgumentException if the key or value is null, the key is too long, or the
   *     codec cannot encode the value
   */
  void set(String key, V value);

  /**
   * Stages the removal of a key. Removing an absent key is allowed and does nothing visible; see
   * {@link #removeExisting} for the strict variant.
   *
   * @param key the key
   * @return true if the key had a value
   * @throws IllegalArgumentException if the key is null or over 4,096 UTF-8 bytes
   */
  boolean remove(String key);

  /**
   * Stages the removal of a key that must be there: the strict variant of {@link #remove}.
   *
   * @param key the key
   * @return the value it had
   * @throws NoSuchElementException if the key is absent; nothing is staged then
   * @throws IllegalArgumentException if the key is null or over 4,096 UTF-8 bytes
   */
  V removeExisting(String key);

  /**
   * Returns a view of a nested namespace that writes to the same branch.
   *
   * @param name a name such as {@code eu}, or a path such as {@code eu/fr}
   * @return the view
   * @throws IllegalArgumentException if the name is null, empty, has an empty segment or a
   *     control character
   */
  WritableStore<V> namespace(String name);

  /**
   * Returns the branch this store writes to.
   *
   * @return the branch name
   */
  String branch();

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
  void setDefaultMergeFn(MergeFn<V> mergeFn);

  /**
   * Sets the author recorded by this store's commits; by default the repository's.
   *
   * @param author 1 to 1,024 UTF-8 bytes
   * @throws IllegalArgumentException if the author is null, empty or too long
   */
  void setAuthor(String author);
}

package io.prolly;

import io.prolly.error.CodecException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The reads every kind of store offers: a {@link Snapshot} of a revision, a staged {@link Store}
 * and a {@link LiveStore}. Each read sees one namespace; {@link #namespace(String)} reaches nested
 * ones.
 *
 * <p>Keys are strings of 0 to 4,096 UTF-8 bytes, ordered by their UTF-8 bytes (that is, by code
 * point). Values come back through the store's {@link Codec}.
 *
 * <p>In Kotlin, {@code store["k"]} and {@code "k" in store} call {@link #get} and
 * {@link #contains}; {@code get} returns {@code V?}.
 *
 * <p>Thread safety is the implementation's: snapshots may be shared between threads, working
 * copies may not.
 *
 * @param <V> the type of the values
 */
public interface ReadableStore<V> {

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
   * Returns a view of a nested namespace of the same data.
   *
   * @param name a name such as {@code eu}, or a path such as {@code eu/fr}
   * @return the view
   * @throws IllegalArgumentException if the name is null, empty, has an empty segment or a
   *     control character
   */
  ReadableStore<V> namespace(String name);

  /**
   * Returns the path of the namespace this view reads.
   *
   * @return the path, such as {@code eu/fr}; empty for the root namespace
   */
  String namespacePath();
}

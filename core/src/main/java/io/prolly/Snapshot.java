package io.prolly;

import io.prolly.spi.Hash;

/**
 * The data of one commit, read-only: time travel. A snapshot from
 * {@link Repository#snapshot(String, Codec)} shows the commit its revision named when it was taken
 * and never changes, whatever is committed later.
 *
 * <p>Immutable and thread-safe: share it freely.
 *
 * @param <V> the type of the values
 */
public interface Snapshot<V> extends ReadableStore<V> {

  /**
   * Returns a snapshot of a nested namespace of the same commit.
   *
   * @param name a name such as {@code eu}, or a path such as {@code eu/fr}
   * @return the view
   * @throws IllegalArgumentException if the name is null, empty, has an empty segment or a
   *     control character
   */
  @Override
  Snapshot<V> namespace(String name);

  /**
   * Returns the revision this snapshot was taken of, as it was given.
   *
   * @return the revision, such as {@code main~2} or a tag
   */
  String revision();

  /**
   * Returns the commit this snapshot shows.
   *
   * @return the commit's hash
   */
  Hash commit();
}

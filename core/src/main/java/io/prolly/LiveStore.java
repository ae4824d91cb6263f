package io.prolly;

import io.prolly.merge.MergeFn;

/**
 * A store without history, from {@link Repository#live(String, Codec)}: each {@link #set} and
 * {@link #remove} is applied and made durable at once, as one atomic write, and every read sees the
 * latest writes of all live stores of that name. Writers racing on the same key settle by last
 * writer wins unless a {@link MergeFn} is set for the key (a {@link MergeFn#counter()} makes
 * concurrent {@code set(k, get(k) + 1)} add up).
 *
 * <p>It has no commits to make, reset or look back on; for those, take a {@link Store} from
 * {@link Repository#store(String, Codec)}.
 *
 * <p>Not thread-safe, like every store; each thread should take its own from the repository.
 *
 * @param <V> the type of the values
 */
public interface LiveStore<V> extends WritableStore<V> {

  /**
   * Returns a live view of a nested namespace.
   *
   * @param name a name such as {@code eu}, or a path such as {@code eu/fr}
   * @return the view
   * @throws IllegalArgumentException if the name is null, empty, has an empty segment or a
   *     control character
   */
  @Override
  LiveStore<V> namespace(String name);
}

package io.prolly.tck;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The stores (or repositories) a contract opened during a try, closed together when the try ends.
 * Not thread-safe.
 *
 * @param <T> what is opened
 */
final class OpenStores<T extends AutoCloseable> {

  private final List<T> opened = new ArrayList<>();

  /**
   * Remembers something to close later.
   *
   * @param store what was opened
   * @return {@code store}
   */
  T add(T store) {
    opened.add(store);
    return store;
  }

  /**
   * Closes everything, even after one fails to close, and forgets it all.
   *
   * @return the last failure to close, or null
   */
  @Nullable RuntimeException closeAll() {
    RuntimeException failure = null;
    for (T store : opened) {
      try {
        store.close();
      } catch (RuntimeException e) {
        failure = e;
      } catch (Exception e) {
        failure = new IllegalStateException("closing " + store + " failed", e);
      }
    }
    opened.clear();
    return failure;
  }
}

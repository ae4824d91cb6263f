package io.prolly.backend.rocksdb;

import io.prolly.error.ProllyException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Native objects to close in reverse order of creation, as rocksdbjni requires (an options object
 * must outlive the database that uses it). Not thread-safe; closed once.
 */
final class NativeStack implements AutoCloseable {

  private final Deque<AutoCloseable> objects = new ArrayDeque<>();

  /** Keeps an object to close later, before every object kept earlier; returns it. */
  <T extends AutoCloseable> T push(T object) {
    objects.push(object);
    return object;
  }

  /**
   * Closes every object, newest first, even if some fail.
   *
   * @throws ProllyException if any failed to close, with the others' failures suppressed
   */
  @Override
  public void close() {
    ProllyException failure = null;
    while (!objects.isEmpty()) {
      try {
        objects.pop().close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new ProllyException("releasing RocksDB resources failed: " + e.getMessage(), e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}

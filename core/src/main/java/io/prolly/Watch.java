package io.prolly;

/**
 * A listener registered with {@link Repository#watch} or {@link Remote#watch}; closing it stops the
 * listener. Idempotent.
 */
public interface Watch extends AutoCloseable {

  /** Stops telling the listener about updates; one it is being told about still finishes. */
  @Override
  void close();
}

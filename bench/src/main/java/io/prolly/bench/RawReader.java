package io.prolly.bench;

import org.jspecify.annotations.Nullable;

/** A consistent read view of a {@link RawEngine}, held until closed. */
interface RawReader extends AutoCloseable {

  /** Returns the node stored under the id, or null. */
  byte @Nullable [] get(byte[] id);

  @Override
  void close();
}

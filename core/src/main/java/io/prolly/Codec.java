package io.prolly;

import io.prolly.error.CodecException;

/**
 * Turns the values of a {@code Store} into bytes and back.
 *
 * <p>Encoding must be deterministic: equal values must give equal bytes, because Prolly stores
 * values by content and compares versions by hash. A value that encodes differently each time
 * would show up as a change in every diff. {@link Codecs} has ready codecs; write your own for
 * anything else.
 *
 * <p>Implementations must be thread-safe.
 *
 * @param <V> the type of the values
 */
public interface Codec<V> {

  /**
   * Encodes a value.
   *
   * @param value the value, never null
   * @return its bytes; the caller may keep the array
   * @throws IllegalArgumentException if the value cannot be encoded by this codec
   */
  byte[] encode(V value);

  /**
   * Decodes a value.
   *
   * @param bytes what {@link #encode} produced
   * @return the value, never null
   * @throws CodecException if the bytes are not a value of this codec
   */
  V decode(byte[] bytes);

  /**
   * Returns a short name for messages, such as {@code utf8} or {@code kryo(Order)}.
   *
   * @return the name
   */
  default String name() {
    return getClass().getSimpleName();
  }
}

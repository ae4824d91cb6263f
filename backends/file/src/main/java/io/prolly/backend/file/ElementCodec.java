package io.prolly.backend.file;

import java.nio.ByteBuffer;
import org.h2.mvstore.WriteBuffer;

/**
 * How one key or value of a map is written to and read from an MVStore page. A
 * {@link ChecksummedType} puts a checksum around all the elements of a page.
 *
 * @param <T> the element type
 */
interface ElementCodec<T> {

  /** Writes one element. */
  void write(WriteBuffer buffer, T element);

  /**
   * Reads one element. Never trusts a length read from the buffer: a damaged length must fail
   * with {@link DamagedPageException}, not allocate an absurd array.
   */
  T read(ByteBuffer buffer);

  /** Orders keys; values are never compared. */
  int compare(T a, T b);

  /** Estimates the heap bytes of an element, for MVStore's cache accounting. */
  int memory(T element);

  /** Makes an array for the elements of one page. */
  T[] newArray(int size);
}

package io.prolly.tree;

import io.prolly.error.CorruptNodeException;

/** Unsigned LEB128 numbers: 7 bits a byte, low bits first, high bit set on every byte but the last. */
final class Varint {

  private Varint() {}

  static int size(long value) {
    int size = 1;
    while ((value & ~0x7FL) != 0) {
      value >>>= 7;
      size++;
    }
    return size;
  }

  static int write(byte[] target, int pos, long value) {
    while ((value & ~0x7FL) != 0) {
      target[pos++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    target[pos++] = (byte) value;
    return pos;
  }

  /**
   * Decodes {@code count} positive numbers that run from {@code start} to the end of
   * {@code bytes}, the subtree sizes of a node's children, into running totals.
   *
   * @return an array of {@code count + 1} totals: element {@code i} is the sum of the first
   *     {@code i} numbers
   * @throws io.prolly.error.CorruptNodeException if a number is truncated, not minimal, zero, makes the
   *     total overflow 63 bits, or bytes follow the last one
   */
  static long[] readRunningTotals(byte[] bytes, int start, int count, Corruption corrupt) {
    if (start > bytes.length) {
      throw corrupt.because("child hashes overrun its " + bytes.length + " bytes");
    }
    long[] before = new long[count + 1];
    int pos = start;
    for (int i = 0; i < count; i++) {
      long value = 0;
      int shift = 0;
      while (true) {
        if (pos >= bytes.length) {
          throw corrupt.because("subtree count " + i + " is truncated");
        }
        byte b = bytes[pos++];
        if (shift == 63 && (b & 0xFE) != 0 || shift > 63) {
          throw corrupt.because("subtree count " + i + " overflows 64 bits");
        }
        value |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          if (b == 0 && shift > 0) {
            throw corrupt.because("subtree count " + i + " is not minimally encoded");
          }
          break;
        }
        shift += 7;
      }
      if (value <= 0 || before[i] + value < before[i]) {
        throw corrupt.because("subtree count " + i + " is " + Long.toUnsignedString(value)
            + ", not a positive number that keeps the total within 63 bits");
      }
      before[i + 1] = before[i] + value;
    }
    if (pos != bytes.length) {
      throw corrupt.because((bytes.length - pos) + " bytes follow the last subtree count");
    }
    return before;
  }
}

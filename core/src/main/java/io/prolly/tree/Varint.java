package io.prolly.tree;

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
}

package io.prolly.backend.lmdb;

import java.util.Arrays;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * A value stored with a CRC32C of its bytes after them. LMDB keeps no checksums; nodes check
 * themselves against their ids, and the small records that have no id (refs and the node
 * totals) carry this instead, so that damage to them is reported rather than read as a wrong
 * ref or count.
 */
final class SealedValue {

  static final int CHECKSUM_BYTES = Integer.BYTES;

  private SealedValue() {}

  /** The bytes followed by their checksum. */
  static byte[] seal(byte[] body) {
    byte[] sealed = Arrays.copyOf(body, body.length + CHECKSUM_BYTES);
    int checksum = checksum(sealed, body.length);
    for (int i = 0; i < CHECKSUM_BYTES; i++) {
      sealed[body.length + i] = (byte) (checksum >>> (8 * i));
    }
    return sealed;
  }

  /** The bytes {@link #seal} was given, or null if {@code sealed} does not match its checksum. */
  static byte @Nullable [] open(byte[] sealed) {
    int length = sealed.length - CHECKSUM_BYTES;
    if (length < 0) {
      return null;
    }
    int stored = 0;
    for (int i = 0; i < CHECKSUM_BYTES; i++) {
      stored |= (sealed[length + i] & 0xFF) << (8 * i);
    }
    return stored == checksum(sealed, length) ? Arrays.copyOf(sealed, length) : null;
  }

  private static int checksum(byte[] bytes, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, length);
    return (int) crc.getValue();
  }
}

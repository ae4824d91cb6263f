package io.prolly.backend.lmdb;

import io.prolly.spi.Hash;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * How refs are keyed in the {@code refs} database.
 *
 * <p>A ref name may take 1024 UTF-8 bytes, but an LMDB key at most {@link #MAX_KEY_BYTES}. A name
 * that fits is its own key, so keys sort like names and a prefix is a key range. A longer name is
 * keyed by its first {@link #HEAD_BYTES} bytes followed by the SHA-256 of the whole name: still in
 * the range of every prefix of its head, and unique. The full name is kept in the value, after the
 * target id, so listing never has to decode a key, and reading checks that the key is the name's.
 */
final class RefKey {

  /** LMDB's compile-time limit on key length (MDB_MAXKEYSIZE); part of the on-disk format. */
  static final int MAX_KEY_BYTES = 511;
  static final int HEAD_BYTES = MAX_KEY_BYTES - Hash.LENGTH;

  private RefKey() {}

  /** The key of a valid ref name. */
  static byte[] of(String name) {
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= MAX_KEY_BYTES) {
      return utf8;
    }
    byte[] key = Arrays.copyOf(utf8, MAX_KEY_BYTES);
    Hash.of(utf8).writeTo(key, HEAD_BYTES);
    return key;
  }

  /**
   * The key prefix shared by the keys of every name that starts with {@code prefix}. A prefix
   * that is not well-formed UTF-16 (a lone surrogate) has no faithful UTF-8 form; it gets the
   * empty key prefix, and the caller filters by name.
   */
  static byte[] rangeOf(String prefix) {
    byte[] utf8 = prefix.getBytes(StandardCharsets.UTF_8);
    if (!new String(utf8, StandardCharsets.UTF_8).equals(prefix)) {
      return new byte[0];
    }
    return utf8.length <= HEAD_BYTES ? utf8 : Arrays.copyOf(utf8, HEAD_BYTES);
  }

  /** The stored value: the target id, then the full name, {@linkplain SealedValue sealed}. */
  static byte[] value(String name, Hash target) {
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    byte[] value = new byte[Hash.LENGTH + utf8.length];
    target.writeTo(value, 0);
    System.arraycopy(utf8, 0, value, Hash.LENGTH, utf8.length);
    return SealedValue.seal(value);
  }

  /**
   * The ref an entry holds, or null if the entry is damaged: its value does not match its
   * checksum, or its key is not the key of the name in its value.
   */
  static @Nullable Ref read(byte[] key, byte[] value) {
    byte[] body = SealedValue.open(value);
    if (body == null || body.length <= Hash.LENGTH) {
      return null;
    }
    String name = new String(body, Hash.LENGTH, body.length - Hash.LENGTH, StandardCharsets.UTF_8);
    return Arrays.equals(of(name), key) ? new Ref(name, Hash.fromBytes(body, 0)) : null;
  }

  /** A ref as stored: its full name and target. */
  record Ref(String name, Hash target) {}

  static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}

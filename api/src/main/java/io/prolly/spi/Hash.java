package io.prolly.spi;

import io.prolly.spi.support.Arguments;
import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The id of a node: the 32-byte SHA-256 digest of the node's bytes.
 *
 * <p>Hashes are immutable values. They compare unsigned-lexicographically by their bytes, which
 * is also the order of their hex forms. The text form is 64 lowercase hex digits.
 *
 * <p>This class is thread-safe and serializable, so exceptions that carry a hash are too.
 */
public final class Hash implements Comparable<Hash>, Serializable {

  private static final long serialVersionUID = 1L;

  /** The length of a hash in bytes. */
  public static final int LENGTH = 32;

  /** The length of the hex text form of a hash. */
  public static final int HEX_LENGTH = 2 * LENGTH;

  private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

  // MessageDigest is not thread-safe and costly to look up; one per thread is the cheap option.
  private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(Hash::newDigest);

  // Four big-endian words make equals, hashCode and compareTo a handful of instructions.
  /** Bytes 0 to 7, big-endian. */
  private final long w0;
  /** Bytes 8 to 15, big-endian. */
  private final long w1;
  /** Bytes 16 to 23, big-endian. */
  private final long w2;
  /** Bytes 24 to 31, big-endian. */
  private final long w3;

  private Hash(long w0, long w1, long w2, long w3) {
    this.w0 = w0;
    this.w1 = w1;
    this.w2 = w2;
    this.w3 = w3;
  }

  /**
   * Computes the hash of some content.
   *
   * @param content the bytes to hash
   * @return the SHA-256 digest of {@code content}
   * @throws IllegalArgumentException if {@code content} is null
   */
  public static Hash of(byte[] content) {
    Arguments.check(content != null, "content is null");
    return of(content, 0, content.length);
  }

  /**
   * Computes the hash of a slice of an array.
   *
   * @param content the array holding the bytes to hash
   * @param offset where the slice starts
   * @param length how many bytes the slice has
   * @return the SHA-256 digest of the slice
   * @throws IllegalArgumentException if {@code content} is null or the slice is out of bounds
   */
  public static Hash of(byte[] content, int offset, int length) {
    Arguments.check(content != null, "content is null");
    checkSlice(content.length, offset, length);
    MessageDigest digest = SHA_256.get();
    digest.update(content, offset, length);
    return fromBytes(digest.digest(), 0);
  }

  /**
   * Wraps 32 bytes that already are a digest.
   *
   * @param bytes exactly {@link #LENGTH} bytes; the array is copied
   * @return the hash with these bytes
   * @throws IllegalArgumentException if {@code bytes} is null or not 32 bytes long
   */
  public static Hash fromBytes(byte[] bytes) {
    Arguments.check(bytes != null, "bytes is null");
    Arguments.check(bytes.length == LENGTH,
        "a hash has %d bytes, got %d", LENGTH, bytes.length);
    return fromBytes(bytes, 0);
  }

  /**
   * Reads a hash from 32 bytes of an array, as written by {@link #writeTo(byte[], int)}.
   *
   * @param bytes the array
   * @param offset where the 32 bytes start
   * @return the hash with these bytes
   * @throws IllegalArgumentException if {@code bytes} is null or has fewer than 32 bytes there
   */
  public static Hash fromBytes(byte[] bytes, int offset) {
    Arguments.check(bytes != null, "bytes is null");
    checkSlice(bytes.length, offset, LENGTH);
    return new Hash(
        readLong(bytes, offset),
        readLong(bytes, offset + 8),
        readLong(bytes, offset + 16),
        readLong(bytes, offset + 24));
  }

  /**
   * Parses the text form of a hash.
   *
   * @param hex 64 hex digits, upper or lower case
   * @return the hash
   * @throws IllegalArgumentException if {@code hex} is null, not 64 characters long, or holds a
   *     character that is not a hex digit
   */
  public static Hash parse(String hex) {
    Arguments.check(hex != null, "hex is null; pass %d hex digits", HEX_LENGTH);
    Arguments.check(hex.length() == HEX_LENGTH,
        "a hash is %d hex digits, got %d characters: '%s'", HEX_LENGTH, hex.length(), abbreviate(hex));
    long[] words = new long[4];
    for (int i = 0; i < HEX_LENGTH; i++) {
      int digit = Character.digit(hex.charAt(i), 16);
      Arguments.check(digit >= 0,
          "'%s' is not a hash: character %d ('%s') is not a hex digit", abbreviate(hex), i, hex.charAt(i));
      words[i / 16] = (words[i / 16] << 4) | digit;
    }
    return new Hash(words[0], words[1], words[2], words[3]);
  }

  /**
   * Returns a copy of the 32 bytes of this hash.
   *
   * @return a new array
   */
  public byte[] toBytes() {
    byte[] bytes = new byte[LENGTH];
    writeTo(bytes, 0);
    return bytes;
  }

  /**
   * Writes the 32 bytes of this hash into an array.
   *
   * @param target the array to write to
   * @param offset where to write the first byte
   * @throws IllegalArgumentException if fewer than 32 bytes fit at {@code offset}
   */
  public void writeTo(byte[] target, int offset) {
    Arguments.check(target != null, "target array is null");
    checkSlice(target.length, offset, LENGTH);
    writeLong(target, offset, w0);
    writeLong(target, offset + 8, w1);
    writeLong(target, offset + 16, w2);
    writeLong(target, offset + 24, w3);
  }

  /**
   * Returns the byte at a position.
   *
   * @param index 0 to 31
   * @return the byte
   * @throws IndexOutOfBoundsException if {@code index} is not in 0..31
   */
  public byte byteAt(int index) {
    Objects.checkIndex(index, LENGTH);
    long word = index < 16 ? (index < 8 ? w0 : w1) : (index < 24 ? w2 : w3);
    return (byte) (word >>> (56 - 8 * (index & 7)));
  }

  /**
   * Returns the 64 lowercase hex digits of this hash.
   *
   * @return the text form, which {@link #parse(String)} reads back
   */
  public String toHex() {
    char[] chars = new char[HEX_LENGTH];
    long[] words = {w0, w1, w2, w3};
    for (int i = 0; i < HEX_LENGTH; i++) {
      chars[i] = HEX_DIGITS[(int) (words[i / 16] >>> (60 - 4 * (i % 16))) & 0xF];
    }
    return new String(chars);
  }

  /**
   * Returns whether the text form of this hash starts with a prefix, ignoring case. This is how a
   * user-typed abbreviation such as {@code 3fa9c1} is matched.
   *
   * @param hexPrefix 0 to 64 characters
   * @return true if the hex form starts with {@code hexPrefix}
   * @throws IllegalArgumentException if {@code hexPrefix} is null
   */
  public boolean hasHexPrefix(String hexPrefix) {
    Arguments.check(hexPrefix != null, "hexPrefix is null");
    return hexPrefix.length() <= HEX_LENGTH && toHex().regionMatches(true, 0, hexPrefix, 0, hexPrefix.length());
  }

  /**
   * Returns the first 12 hex digits, enough to tell hashes apart in logs and messages.
   *
   * @return the abbreviated text form
   */
  public String toShortHex() {
    return toHex().substring(0, 12);
  }

  @Override
  public int compareTo(Hash other) {
    Arguments.notNull(other, "other");
    int c = Long.compareUnsigned(w0, other.w0);
    if (c == 0) {
      c = Long.compareUnsigned(w1, other.w1);
      if (c == 0) {
        c = Long.compareUnsigned(w2, other.w2);
        if (c == 0) {
          c = Long.compareUnsigned(w3, other.w3);
        }
      }
    }
    return c;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Hash
        && ((Hash) o).w0 == w0 && ((Hash) o).w1 == w1 && ((Hash) o).w2 == w2 && ((Hash) o).w3 == w3;
  }

  @Override
  public int hashCode() {
    // The bytes are a cryptographic digest: any 32 bits of them are uniformly distributed.
    return (int) w0;
  }

  /** Returns the 64 hex digits, like {@link #toHex()}. */
  @Override
  public String toString() {
    return toHex();
  }

  private static long readLong(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[off + i] & 0xFF);
    }
    return v;
  }

  private static void writeLong(byte[] b, int off, long v) {
    for (int i = 7; i >= 0; i--) {
      b[off + i] = (byte) v;
      v >>>= 8;
    }
  }

  private static void checkSlice(int arrayLength, int offset, int length) {
    // On every node read and hash: the message is built only when it is needed.
    if (offset < 0 || length < 0 || offset > arrayLength - length) {
      throw new IllegalArgumentException(String.format("slice [%d, %d + %d) is outside an array of %d bytes",
          offset, offset, length, arrayLength));
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }


  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform is required to provide SHA-256.
      throw new IllegalStateException("this JVM has no SHA-256 MessageDigest", e);
    }
  }
}

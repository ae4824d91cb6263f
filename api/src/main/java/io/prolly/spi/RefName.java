package io.prolly.spi;

import java.nio.charset.StandardCharsets;

/**
 * The rule every backend applies to ref names: 1 to {@value #MAX_BYTES} bytes of UTF-8, with no
 * NUL character and no unpaired surrogate (which has no UTF-8 form). Anything else, including
 * {@code /}, spaces and any Unicode, is allowed at this level; Prolly's core adds git-like rules
 * for branch and tag names on top.
 *
 * <p>Names are compared as the strings they are: names that differ only in case, or only in
 * Unicode normalisation, are different refs.
 */
public final class RefName {

  /** The longest ref name, in UTF-8 bytes. */
  public static final int MAX_BYTES = 1024;

  private RefName() {}

  /**
   * Checks a ref name.
   *
   * @param name the name to check
   * @return {@code name}, for chaining
   * @throws IllegalArgumentException if the name is null, empty, longer than 1024 UTF-8 bytes,
   *     or holds NUL or an unpaired surrogate
   */
  public static String check(String name) {
    if (name == null) {
      throw new IllegalArgumentException("ref name is null");
    }
    if (name.isEmpty()) {
      throw new IllegalArgumentException("ref name is empty; give a name such as 'heads/main'");
    }
    int bytes = 0;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '\0') {
        throw new IllegalArgumentException("ref name '" + printable(name) + "' holds a NUL character at index " + i);
      }
      if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            "ref name '" + printable(name) + "' holds an unpaired surrogate at index " + i + "; it has no UTF-8 form");
      } else {
        bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
      }
    }
    if (bytes > MAX_BYTES) {
      throw new IllegalArgumentException(
          "ref name is " + bytes + " UTF-8 bytes long; the limit is " + MAX_BYTES + ": '" + printable(name) + "'");
    }
    return name;
  }

  /**
   * Encodes a valid ref name, for backends that store names as bytes.
   *
   * @param name a name that passed {@link #check(String)}
   * @return its UTF-8 bytes
   */
  public static byte[] toBytes(String name) {
    return check(name).getBytes(StandardCharsets.UTF_8);
  }

  private static String printable(String name) {
    String shown = name.length() > 60 ? name.substring(0, 57) + "..." : name;
    return shown.replace("\0", "\\0");
  }
}

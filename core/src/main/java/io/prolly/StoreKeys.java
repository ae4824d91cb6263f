package io.prolly;

import io.prolly.tree.TreeConfig;
import java.nio.charset.StandardCharsets;

/** The keys of a {@link Store}: strings stored as UTF-8, whose byte order is code point order. */
final class StoreKeys {

  private StoreKeys() {}

  static byte[] encode(String key) {
    if (key == null) {
      throw new IllegalArgumentException("key is null");
    }
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > TreeConfig.MAX_KEY_SIZE) {
      throw new IllegalArgumentException("key '" + key.substring(0, Math.min(key.length(), 40)) + "...' has "
          + bytes.length + " UTF-8 bytes, over the limit of " + TreeConfig.MAX_KEY_SIZE + "; use a shorter key "
          + "(a hash of a long identifier, for example)");
    }
    return bytes;
  }

  static String decode(byte[] key) {
    return new String(key, StandardCharsets.UTF_8);
  }
}

package io.prolly.tree;

/** How keys appear in messages: printable ASCII as is, other bytes as {@code \xNN}, long keys cut. */
public final class Keys {

  private static final int SHOWN = 64;

  private Keys() {}

  public static String toString(byte[] key) {
    StringBuilder text = new StringBuilder("\"");
    for (int i = 0; i < Math.min(key.length, SHOWN); i++) {
      int b = key[i] & 0xFF;
      if (b >= 0x20 && b < 0x7F && b != '\\' && b != '"') {
        text.append((char) b);
      } else {
        text.append(String.format("\\x%02x", b));
      }
    }
    text.append('"');
    if (key.length > SHOWN) {
      text.append("... (").append(key.length).append(" bytes)");
    }
    return text.toString();
  }
}

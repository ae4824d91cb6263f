package io.prolly.cli;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * How a stored value is shown: as text when its bytes are UTF-8 without control characters other
 * than tab and line breaks (what {@code put} writes), else as {@code 0x} and hexadecimal, since a
 * repository written by an application may hold values of any codec (a {@code Codecs.longs()}
 * value is valid UTF-8 made of NULs).
 */
final class ValueText {

  private ValueText() {}

  static String of(byte[] value) {
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(value))
          .toString();
      if (text.chars().noneMatch(ValueText::isControl)) {
        return text;
      }
    } catch (CharacterCodingException notText) {
      // shown as bytes below
    }
    return "0x" + HexFormat.of().formatHex(value);
  }

  private static boolean isControl(int c) {
    return Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r';
  }
}

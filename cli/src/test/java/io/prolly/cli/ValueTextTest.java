package io.prolly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ValueTextTest {

  @Test
  void utf8_text_with_tabs_and_line_breaks_is_shown_as_it_is() {
    assertThat(ValueText.of("héllo\tworld\r\n".getBytes(StandardCharsets.UTF_8))).isEqualTo("héllo\tworld\r\n");
    assertThat(ValueText.of(new byte[0])).isEmpty();
  }

  @Test
  void malformed_utf8_is_shown_in_hex() {
    assertThat(ValueText.of(new byte[] {(byte) 0xC3, 0x28})).isEqualTo("0xc328");
  }

  @Test
  void valid_utf8_with_control_characters_such_as_a_long_is_shown_in_hex() {
    assertThat(ValueText.of(ByteBuffer.allocate(8).putLong(100).array())).isEqualTo("0x0000000000000064");
  }
}

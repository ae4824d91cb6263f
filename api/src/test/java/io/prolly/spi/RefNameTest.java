package io.prolly.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

class RefNameTest {

  @Property
  void acceptsWellFormedNamesUpToTheByteLimit(@ForAll @StringLength(min = 1, max = 300) String name) {
    boolean wellFormed = name.indexOf('\0') < 0
        && StandardCharsets.UTF_8.newEncoder().canEncode(name)
        && name.getBytes(StandardCharsets.UTF_8).length <= RefName.MAX_BYTES;
    if (wellFormed) {
      assertThat(RefName.check(name)).isSameAs(name);
      assertThat(RefName.toBytes(name)).isEqualTo(name.getBytes(StandardCharsets.UTF_8));
    } else {
      assertThatThrownBy(() -> RefName.check(name)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Example
  void countsUtf8BytesNotCharacters() {
    assertThat(RefName.check("\uD83D\uDE00".repeat(256))).hasSize(512);
    assertThatThrownBy(() -> RefName.check("\uD83D\uDE00".repeat(257)))
        .hasMessageContaining("1028 UTF-8 bytes long; the limit is 1024");
    assertThat(RefName.check("\u20ac".repeat(341))).isNotEmpty();
    assertThatThrownBy(() -> RefName.check("\u20ac".repeat(342))).isInstanceOf(IllegalArgumentException.class);
  }

  @Example
  void rejectionsSayWhatIsWrong() {
    assertThatThrownBy(() -> RefName.check(null)).hasMessage("ref name is null");
    assertThatThrownBy(() -> RefName.check("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> RefName.check("a\0b")).hasMessageContaining("NUL character at index 1");
    assertThatThrownBy(() -> RefName.check("a\uDC00")).hasMessageContaining("unpaired surrogate at index 1");
    assertThatThrownBy(() -> RefName.check("\uD800")).hasMessageContaining("unpaired surrogate at index 0");
  }
}

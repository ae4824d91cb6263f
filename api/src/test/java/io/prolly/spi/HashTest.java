package io.prolly.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class HashTest {

  @Example
  void digestOfKnownInputMatchesTheSha256TestVector() {
    assertThat(Hash.of("abc".getBytes(StandardCharsets.US_ASCII)).toHex())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(Hash.of(new byte[0]).toHex())
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Property
  void digestEqualsTheJdkSha256(@ForAll byte[] content) throws Exception {
    byte[] expected = MessageDigest.getInstance("SHA-256").digest(content);
    assertThat(Hash.of(content).toBytes()).isEqualTo(expected);
  }

  @Property
  void sliceDigestEqualsDigestOfTheCopiedSlice(@ForAll byte[] content, @ForAll int a, @ForAll int b) {
    int from = content.length == 0 ? 0 : Math.floorMod(a, content.length + 1);
    int length = Math.floorMod(b, content.length - from + 1);
    assertThat(Hash.of(content, from, length)).isEqualTo(Hash.of(Arrays.copyOfRange(content, from, from + length)));
  }

  @Property
  void bytesAndHexRoundTrip(@ForAll @Size(32) byte[] bytes) {
    Hash hash = Hash.fromBytes(bytes);
    assertThat(hash.toBytes()).isEqualTo(bytes);
    assertThat(hash.toHex()).isEqualTo(HexFormat.of().formatHex(bytes));
    assertThat(Hash.parse(hash.toHex())).isEqualTo(hash);
    assertThat(Hash.parse(hash.toHex().toUpperCase())).isEqualTo(hash);
    assertThat(hash.toString()).isEqualTo(hash.toHex());
    for (int i = 0; i < Hash.LENGTH; i++) {
      assertThat(hash.byteAt(i)).isEqualTo(bytes[i]);
    }
  }

  @Property
  void orderIsUnsignedLexicographicOrderOfTheBytes(@ForAll @Size(32) byte[] a, @ForAll @Size(32) byte[] b) {
    int expected = Integer.signum(Arrays.compareUnsigned(a, b));
    assertThat(Integer.signum(Hash.fromBytes(a).compareTo(Hash.fromBytes(b)))).isEqualTo(expected);
    assertThat(Hash.fromBytes(a).equals(Hash.fromBytes(b))).isEqualTo(expected == 0);
    assertThat(Integer.signum(Hash.fromBytes(a).toHex().compareTo(Hash.fromBytes(b).toHex()))).isEqualTo(expected);
  }

  @Property
  void writeToAndFromBytesAtAnOffsetRoundTrip(@ForAll @Size(32) byte[] bytes, @ForAll @Size(max = 8) byte[] padding) {
    Hash hash = Hash.fromBytes(bytes);
    byte[] target = new byte[padding.length + Hash.LENGTH];
    hash.writeTo(target, padding.length);
    assertThat(Hash.fromBytes(target, padding.length)).isEqualTo(hash);
  }

  @Example
  void equalHashesHaveEqualHashCodes() {
    Hash a = Hash.of(new byte[] {1});
    Hash b = Hash.parse(a.toHex());
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(Hash.of(new byte[] {2})).isNotEqualTo("text");
  }

  @Example
  void hexPrefixMatchingIgnoresCase() {
    Hash hash = Hash.parse("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(hash.hasHexPrefix("")).isTrue();
    assertThat(hash.hasHexPrefix("BA78")).isTrue();
    assertThat(hash.hasHexPrefix("ba79")).isFalse();
    assertThat(hash.hasHexPrefix(hash.toHex() + "0")).isFalse();
    assertThat(hash.toShortHex()).isEqualTo("ba7816bf8f01");
  }

  @Example
  void badInputIsRejectedWithAMessageThatSaysWhy() {
    assertThatThrownBy(() -> Hash.parse("abc")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("64 hex digits").hasMessageContaining("3 characters");
    assertThatThrownBy(() -> Hash.parse("g".repeat(64))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("character 0 ('g') is not a hex digit");
    assertThatThrownBy(() -> Hash.parse(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Hash.fromBytes(new byte[31])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes, got 31");
    assertThatThrownBy(() -> Hash.fromBytes(new byte[40], 9)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Hash.of(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Hash.of(new byte[4], 3, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Hash.of(new byte[1]).writeTo(new byte[31], 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Hash.of(new byte[1]).byteAt(32)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}

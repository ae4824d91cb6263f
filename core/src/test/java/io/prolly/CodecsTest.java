package io.prolly;

import io.prolly.error.CodecException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class CodecsTest {

  public record Line(String sku, int quantity, BigDecimal price) {}

  public enum Status { OPEN, SHIPPED }

  public record Order(String id, Status status, List<Line> lines, TreeMap<String, String> tags, Instant placed) {}

  public record Secret(String payload) {}

  /** Built like a Kotlin data class: final fields and no no-arg constructor. */
  public static final class Point {
    private final String label;
    private final long x;

    public Point(String label, long x) {
      this.label = label;
      this.x = x;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Point point && point.label.equals(label) && point.x == x;
    }

    @Override
    public int hashCode() {
      return label.hashCode() * 31 + Long.hashCode(x);
    }
  }

  private static Order order() {
    List<Line> lines = new ArrayList<>(List.of(new Line("widget", 3, new BigDecimal("9.99"))));
    TreeMap<String, String> tags = new TreeMap<>(Map.of("channel", "web", "region", "eu"));
    return new Order("o-1", Status.OPEN, lines, tags, Instant.parse("2026-11-23T10:00:00Z"));
  }

  @Property
  void utf8RoundTripsEveryWellFormedString(@ForAll String value) {
    if (value.chars().anyMatch(c -> Character.isSurrogate((char) c))) {
      return;
    }
    assertThat(Codecs.utf8().decode(Codecs.utf8().encode(value))).isEqualTo(value);
  }

  @Property
  void longsRoundTripAsEightBigEndianBytes(@ForAll long value) {
    byte[] bytes = Codecs.longs().encode(value);
    assertThat(bytes).hasSize(8);
    assertThat(Codecs.longs().decode(bytes)).isEqualTo(value);
  }

  @Property
  void bytesRoundTripAndAreCopied(@ForAll byte[] value) {
    byte[] encoded = Codecs.bytes().encode(value);
    assertThat(encoded).isEqualTo(value).isNotSameAs(value);
    assertThat(Codecs.bytes().decode(encoded)).isEqualTo(value).isNotSameAs(encoded);
  }

  @Example
  void badBytesAreACodecExceptionNamingTheCodec() {
    assertThatThrownBy(() -> Codecs.utf8().decode(new byte[] {(byte) 0xC3}))
        .isInstanceOf(CodecException.class).hasMessageContaining("utf8").hasMessageContaining("not valid UTF-8");
    assertThatThrownBy(() -> Codecs.longs().decode(new byte[3]))
        .isInstanceOf(CodecException.class).hasMessageContaining("expects 8 bytes, got 3");
    assertThatThrownBy(() -> Codecs.utf8().encode("lone \uD800"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired surrogate");
    assertThatThrownBy(() -> Codecs.utf8().encode(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Example
  void kryoRoundTripsRecordsEnumsCollectionsAndJdkTypes() {
    Codec<Order> codec = Codecs.kryo(Order.class, Line.class, Status.class);
    assertThat(codec.decode(codec.encode(order()))).isEqualTo(order());
    assertThat(codec.name()).isEqualTo("kryo(Order)");
  }

  public record Everything(List<Object> values) {}

  @Example
  void everyBundledJdkTypeRoundTripsWithoutReflectiveAccess() {
    List<Object> values = new ArrayList<>(List.of(
        new ArrayList<>(List.of(1, "two")), new java.util.LinkedList<>(List.of(3L)),
        new java.util.HashMap<>(Map.of("k", 1)), new java.util.LinkedHashMap<>(Map.of("k", 2)),
        new TreeMap<>(Map.of("k", 3)), new java.util.HashSet<>(List.of(4)), new java.util.LinkedHashSet<>(List.of(5)),
        new java.util.TreeSet<>(List.of(6)), new BigDecimal("1.50"), new java.math.BigInteger("12345678901234567890"),
        java.util.UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), Instant.parse("2026-11-23T10:00:00Z"),
        java.time.Duration.ofSeconds(90), java.time.LocalDate.of(2026, 11, 23),
        java.time.LocalDateTime.of(2026, 11, 23, 10, 0), new byte[] {1}, new int[] {2}, new long[] {3},
        new double[] {4}, new boolean[] {true}, new char[] {'c'}, new String[] {"s"},
        List.of(7, 8), Set.of(9), Map.of("immutable", 10)));
    Codec<Everything> codec = Codecs.kryo(Everything.class);
    Everything decoded = codec.decode(codec.encode(new Everything(values)));
    assertThat(decoded.values()).usingRecursiveFieldByFieldElementComparator().hasSize(values.size());
    for (int i = 0; i < values.size(); i++) {
      assertThat(decoded.values().get(i)).as("value %d, a %s", i, values.get(i).getClass().getName())
          .isEqualTo(values.get(i));
    }
    assertThat(KryoCodec.JDK_TYPES).as("every bundled JDK type is exercised above")
        .allMatch(type -> values.stream().anyMatch(type::isInstance));
  }

  @Example
  void kryoBytesAreTheSameWhateverTheRegistrationOrder() {
    byte[] one = Codecs.kryo(Order.class, Line.class, Status.class).encode(order());
    byte[] other = Codecs.kryo(Order.class, Status.class, Line.class, Secret.class).encode(order());
    assertThat(other).isEqualTo(one);
    assertThat(Codecs.kryo(Order.class, Status.class, Line.class).decode(one)).isEqualTo(order());
  }

  @Example
  void kryoReadsBackAClassWithoutANoArgConstructor() {
    Codec<Point> codec = Codecs.kryo(Point.class);
    assertThat(codec.decode(codec.encode(new Point("p", 7)))).isEqualTo(new Point("p", 7));
  }

  @Example
  void kryoRefusesToWriteAnUnregisteredClassAndSaysWhatToRegister() {
    Codec<Order> withoutLine = Codecs.kryo(Order.class, Status.class);
    assertThatThrownBy(() -> withoutLine.encode(order()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Line.class.getName())
        .hasMessageContaining("Register every class");
  }

  @Example
  void bytesNamingAnUnregisteredClassAreRefusedNotInstantiated() {
    byte[] secret = Codecs.kryo(Secret.class).encode(new Secret("do not build me"));
    Codec<Order> orders = Codecs.kryo(Order.class, Line.class, Status.class);
    assertThatThrownBy(() -> orders.decode(secret))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("kryo(Order)");
  }

  @Example
  void garbageAndTrailingBytesAreCodecExceptions() {
    Codec<Order> codec = Codecs.kryo(Order.class, Line.class, Status.class);
    assertThatThrownBy(() -> codec.decode(new byte[] {1, 2, 3, 4, 5})).isInstanceOf(CodecException.class);
    byte[] valid = codec.encode(order());
    byte[] longer = java.util.Arrays.copyOf(valid, valid.length + 2);
    assertThatThrownBy(() -> codec.decode(longer)).isInstanceOf(CodecException.class)
        .hasMessageContaining("read " + valid.length + " of " + longer.length);
    byte[] shorter = java.util.Arrays.copyOf(valid, valid.length - 3);
    assertThatThrownBy(() -> codec.decode(shorter)).isInstanceOf(CodecException.class);
  }

  @Example
  void customCodecsWrapDecoderFailures() {
    Codec<Integer> ints = Codecs.of("int", i -> Integer.toString(i).getBytes(), b -> Integer.parseInt(new String(b)));
    assertThat(ints.decode(ints.encode(42))).isEqualTo(42);
    assertThatThrownBy(() -> ints.decode("x".getBytes())).isInstanceOf(CodecException.class)
        .hasMessageContaining("codec int cannot decode 1 bytes");
    assertThatThrownBy(() -> Codecs.of(null, i -> new byte[0], b -> 0)).isInstanceOf(IllegalArgumentException.class);
  }
}

package io.prolly;

import io.prolly.spi.support.Arguments;
import io.prolly.error.CodecException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Ready codecs for common value types.
 *
 * <p>All are thread-safe and deterministic.
 */
public final class Codecs {

  private static final Codec<byte[]> BYTES = of("bytes", byte[]::clone, byte[]::clone);

  private static final Codec<String> UTF8 = of("utf8", Codecs::encodeUtf8, Codecs::decodeUtf8);

  private static final Codec<Long> LONGS = of("long",
      value -> ByteBuffer.allocate(Long.BYTES).putLong(value).array(),
      Codecs::decodeLong);

  private Codecs() {}

  /**
   * Returns the codec that stores byte arrays as they are (copied on the way in and out).
   *
   * @return the codec
   */
  public static Codec<byte[]> bytes() {
    return BYTES;
  }

  /**
   * Returns the codec for strings, stored as UTF-8; malformed bytes are rejected on decoding.
   *
   * @return the codec
   * @throws IllegalArgumentException when encoding a string with an unpaired surrogate
   */
  public static Codec<String> utf8() {
    return UTF8;
  }

  /**
   * Returns the codec for longs, stored as 8 bytes, big-endian.
   *
   * @return the codec
   */
  public static Codec<Long> longs() {
    return LONGS;
  }

  /**
   * Returns a Kryo codec for a class and the classes its values contain. Only the listed classes,
   * common JDK value and collection types, and primitives are accepted: Kryo refuses to write or
   * read any other class, so stored bytes can never make Prolly instantiate an arbitrary class.
   * Each class gets an id derived from its name, so the order of registration does not matter
   * and adding a class later keeps old values readable. Classes need no no-arg constructor, so
   * records, Kotlin data classes and classes with final fields all work.
   *
   * <p>Kryo writes collections in their iteration order: use sorted or insertion-ordered
   * collections in values, not {@link java.util.HashMap} or {@link java.util.HashSet}, or equal
   * values may encode differently.
   *
   * @param <V> the value type
   * @param type the class of the values
   * @param alsoRegistered the other classes that appear inside values (nested objects, enums)
   * @return the codec
   * @throws IllegalArgumentException if a class is null, or two class names map to one id
   */
  public static <V> Codec<V> kryo(Class<V> type, Class<?>... alsoRegistered) {
    Arguments.notNull(type, "type");
    Arguments.notNull(alsoRegistered, "alsoRegistered");
    return new KryoCodec<>(type, Arrays.asList(alsoRegistered));
  }

  /**
   * Makes a codec from two functions.
   *
   * @param <V> the value type
   * @param name a short name for messages
   * @param encoder turns a value into bytes, deterministically
   * @param decoder turns bytes back into the value
   * @return the codec; a decoder failure is reported as {@link CodecException}
   * @throws IllegalArgumentException if an argument is null
   */
  public static <V> Codec<V> of(String name, Function<? super V, byte[]> encoder, Function<byte[], ? extends V> decoder) {
    Arguments.notNull(name, "name");
    Arguments.notNull(encoder, "encoder");
    Arguments.notNull(decoder, "decoder");
    return new Codec<>() {
      @Override
      public byte[] encode(V value) {
        if (value == null) {
          throw new IllegalArgumentException("value is null: codec " + name + " cannot encode null; remove the key instead");
        }
        return encoder.apply(value);
      }

      @Override
      public V decode(byte[] bytes) {
        Arguments.notNull(bytes, "bytes");
        try {
          return decoder.apply(bytes);
        } catch (CodecException e) {
          throw e;
        } catch (RuntimeException e) {
          throw new CodecException("codec " + name + " cannot decode " + bytes.length + " bytes: " + e.getMessage(), e);
        }
      }

      @Override
      public String name() {
        return name;
      }

      @Override
      public String toString() {
        return "Codec[" + name + "]";
      }
    };
  }

  private static byte[] encodeUtf8(String value) {
    try {
      ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(value));
      return Arrays.copyOf(encoded.array(), encoded.limit());
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("codec utf8 cannot encode a string with an unpaired surrogate", e);
    }
  }

  private static String decodeUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new CodecException("codec utf8 cannot decode " + bytes.length
          + " bytes: they are not valid UTF-8 (was the value written with another codec?)", e);
    }
  }

  private static Long decodeLong(byte[] bytes) {
    if (bytes.length != Long.BYTES) {
      throw new CodecException("codec long expects 8 bytes, got " + bytes.length
          + " (was the value written with another codec?)", null);
    }
    return ByteBuffer.wrap(bytes).getLong();
  }
}

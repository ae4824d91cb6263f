package io.prolly.backend.file;

import io.prolly.spi.Hash;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;

/** The element codecs of the backend's maps: node ids, node bytes, ref names and counters. */
final class Codecs {

  /** A node id or ref value: 32 raw bytes. */
  static final ElementCodec<Hash> HASH = new ElementCodec<>() {
    @Override
    public void write(WriteBuffer buffer, Hash hash) {
      buffer.put(hash.toBytes());
    }

    @Override
    public Hash read(ByteBuffer buffer) {
      return Hash.fromBytes(readBytes(buffer, Hash.LENGTH));
    }

    @Override
    public int compare(Hash a, Hash b) {
      return a.compareTo(b);
    }

    @Override
    public int memory(Hash hash) {
      return 48;
    }

    @Override
    public Hash[] newArray(int size) {
      return new Hash[size];
    }
  };

  /** Node bytes: a length, then the bytes. */
  static final ElementCodec<byte[]> BYTES = new ElementCodec<>() {
    @Override
    public void write(WriteBuffer buffer, byte[] bytes) {
      buffer.putVarInt(bytes.length).put(bytes);
    }

    @Override
    public byte[] read(ByteBuffer buffer) {
      return readBytes(buffer, readLength(buffer));
    }

    @Override
    public int compare(byte[] a, byte[] b) {
      return Arrays.compareUnsigned(a, b);
    }

    @Override
    public int memory(byte[] bytes) {
      return 24 + bytes.length;
    }

    @Override
    public byte[][] newArray(int size) {
      return new byte[size][];
    }
  };

  /** A ref name or counter name: a length, then UTF-8. Ordered like {@link String#compareTo}. */
  static final ElementCodec<String> TEXT = new ElementCodec<>() {
    @Override
    public void write(WriteBuffer buffer, String text) {
      byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
      buffer.putVarInt(utf8.length).put(utf8);
    }

    @Override
    public String read(ByteBuffer buffer) {
      return new String(readBytes(buffer, readLength(buffer)), StandardCharsets.UTF_8);
    }

    @Override
    public int compare(String a, String b) {
      // The SPI lists refs in String order, so the map must use the same order.
      return a.compareTo(b);
    }

    @Override
    public int memory(String text) {
      return 48 + 2 * text.length();
    }

    @Override
    public String[] newArray(int size) {
      return new String[size];
    }
  };

  /** A counter or format number. */
  static final ElementCodec<Long> NUMBER = new ElementCodec<>() {
    @Override
    public void write(WriteBuffer buffer, Long number) {
      buffer.putLong(number);
    }

    @Override
    public Long read(ByteBuffer buffer) {
      requireRemaining(buffer, Long.BYTES);
      return buffer.getLong();
    }

    @Override
    public int compare(Long a, Long b) {
      return Long.compare(a, b);
    }

    @Override
    public int memory(Long number) {
      return 16;
    }

    @Override
    public Long[] newArray(int size) {
      return new Long[size];
    }
  };

  private Codecs() {}

  private static int readLength(ByteBuffer buffer) {
    int length;
    try {
      length = DataUtils.readVarInt(buffer);
    } catch (RuntimeException e) {
      throw new DamagedPageException("unreadable length: " + e);
    }
    if (length < 0) {
      throw new DamagedPageException("negative length " + length);
    }
    return length;
  }

  private static byte[] readBytes(ByteBuffer buffer, int length) {
    requireRemaining(buffer, length);
    byte[] bytes = new byte[length];
    buffer.get(bytes);
    return bytes;
  }

  private static void requireRemaining(ByteBuffer buffer, int length) {
    if (length > buffer.remaining()) {
      throw new DamagedPageException("an element of " + length + " bytes but only " + buffer.remaining()
          + " bytes are left in the page");
    }
  }
}

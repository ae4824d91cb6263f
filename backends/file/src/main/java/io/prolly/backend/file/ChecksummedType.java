package io.prolly.backend.file;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.jspecify.annotations.Nullable;

/**
 * An MVStore data type that writes the keys (or values) of a page followed by a CRC32C of their
 * bytes and their count, and checks it when the page is read.
 *
 * <p>Why: MVStore checksums its file headers and chunk headers and footers, but not the content
 * of a page. Without this, a flipped byte in a node, a node id or a ref would be read back as
 * silently wrong data. With it, damage to any key or value of a Prolly map surfaces as
 * {@link DamagedPageException}. CRC32C is hardware-accelerated on current CPUs and costs far
 * less than the page I/O it guards.
 *
 * @param <T> the element type
 */
final class ChecksummedType<T> extends BasicDataType<T> {

  private final ElementCodec<T> codec;

  ChecksummedType(ElementCodec<T> codec) {
    this.codec = codec;
  }

  @Override
  public void write(WriteBuffer buffer, Object storage, int count) {
    int start = buffer.position();
    T[] elements = cast(storage);
    for (int i = 0; i < count; i++) {
      codec.write(buffer, elements[i]);
    }
    // The buffer may have grown while writing, so take its backing buffer only now.
    int checksum = checksum(buffer.getBuffer(), start, buffer.position(), count);
    buffer.putInt(checksum);
  }

  @Override
  public void read(ByteBuffer buffer, Object storage, int count) {
    int start = buffer.position();
    T[] elements = cast(storage);
    for (int i = 0; i < count; i++) {
      elements[i] = codec.read(buffer);
    }
    int expected = checksum(buffer, start, buffer.position(), count);
    if (buffer.remaining() < Integer.BYTES) {
      throw new DamagedPageException("a page ends before its checksum");
    }
    int stored = buffer.getInt();
    if (stored != expected) {
      throw new DamagedPageException(String.format(
          "a page of %d entries fails its checksum (stored %08x, computed %08x)", count, stored, expected));
    }
  }

  @Override
  public void write(WriteBuffer buffer, T element) {
    // Used by MVStore only outside pages (never for Prolly's maps); no checksum needed there.
    codec.write(buffer, element);
  }

  @Override
  public T read(ByteBuffer buffer) {
    return codec.read(buffer);
  }

  @Override
  public int compare(T a, T b) {
    return codec.compare(a, b);
  }

  @Override
  public int getMemory(T element) {
    return codec.memory(element);
  }

  @Override
  public T[] createStorage(int size) {
    return codec.newArray(size);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof ChecksummedType && ((ChecksummedType<?>) other).codec == codec;
  }

  @Override
  public int hashCode() {
    return codec.hashCode();
  }

  private static int checksum(ByteBuffer buffer, int start, int end, int count) {
    ByteBuffer range = buffer.duplicate();
    range.limit(end).position(start);
    CRC32C crc = new CRC32C();
    crc.update(range);
    crc.update(count);
    crc.update(count >>> 8);
    crc.update(count >>> 16);
    crc.update(count >>> 24);
    return (int) crc.getValue();
  }
}

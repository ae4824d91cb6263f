package io.prolly.backend.lmdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * What identifies one state of a data file, as the file system and LMDB's meta pages tell it: the
 * file's device and inode, size, modification and change times, and its two meta pages, which
 * name the last transaction, the roots of its trees and its last page. A state whose page
 * structure is known good (checked when the store opened, then changed only by LMDB's own
 * commits) is written down when the store closes; an open that finds the file in that very state
 * skips the walk of {@link PageStructureCheck} ({@code checkOnOpen=changed}).
 *
 * <p>Any write to the file, by LMDB or any other program, any copy, restore, truncation or
 * replacement changes the change time (which no program can set back), the inode, the size or
 * the meta pages. What it cannot see is damage that bypasses the file system: the storage medium
 * corrupting a file nobody wrote. Times have the file system's clock granularity, so a state is
 * written down only once its change time is {@link #SETTLED} old: a later write then always gets
 * a later time.
 *
 * <p>Immutable; thread-safe.
 */
final class CheckedState {

  /** How old a change must be before a state is written down: well beyond a clock tick of the kernel. */
  static final long SETTLED = TimeUnit.MILLISECONDS.toNanos(20);

  private static final byte[] MAGIC = "prolly-lmdb-checked-1\n".getBytes(StandardCharsets.US_ASCII);
  /** A meta page's header and meta record: {@code PageStructureCheck}'s {@code META_TXNID + 8}. */
  private static final int META_BYTES = 152;
  private static final int PAGE_SIZE_AT = 40;
  private static final int FIELDS = 5 * Long.BYTES + 2 * META_BYTES;

  private final long device;
  private final long inode;
  private final long size;
  private final long modifiedNanos;
  private final long changedNanos;
  private final byte[] metaPages;

  private CheckedState(long device, long inode, long size, long modifiedNanos, long changedNanos, byte[] metaPages) {
    this.device = device;
    this.inode = inode;
    this.size = size;
    this.modifiedNanos = modifiedNanos;
    this.changedNanos = changedNanos;
    this.metaPages = metaPages;
  }

  /**
   * Reads the state of a data file.
   *
   * @return the state, or null if the file system does not tell a file's inode and change time
   *     (then no state is ever trusted), or the file has no two meta pages
   */
  static @Nullable CheckedState of(Path dataFile) {
    Map<String, Object> attributes;
    try {
      attributes = Files.readAttributes(dataFile, "unix:dev,ino,size,lastModifiedTime,ctime");
    } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
      return null;
    }
    byte[] metaPages = metaPages(dataFile);
    if (metaPages == null) {
      return null;
    }
    return new CheckedState((Long) attributes.get("dev"), (Long) attributes.get("ino"), (Long) attributes.get("size"),
        nanos(attributes.get("lastModifiedTime")), nanos(attributes.get("ctime")), metaPages);
  }

  private static long nanos(Object time) {
    return ((FileTime) time).to(TimeUnit.NANOSECONDS);
  }

  private static byte @Nullable [] metaPages(Path dataFile) {
    try (FileChannel file = FileChannel.open(dataFile, StandardOpenOption.READ)) {
      ByteBuffer first = ByteBuffer.allocate(META_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      readFully(file, first, 0);
      int pageSize = first.getInt(PAGE_SIZE_AT);
      if (first.hasRemaining() || pageSize < META_BYTES) {
        return null;
      }
      ByteBuffer both = ByteBuffer.allocate(2 * META_BYTES).put(first.flip());
      readFully(file, both, pageSize);
      return both.hasRemaining() ? null : both.array();
    } catch (IOException e) {
      return null;
    }
  }

  private static void readFully(FileChannel file, ByteBuffer buffer, long position) throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int read = file.read(buffer, at);
      if (read < 0) {
        return;
      }
      at += read;
    }
  }

  /**
   * Decodes a state {@link #encode() written down} before.
   *
   * @return the state, or null if the bytes are not one (empty, from another version, damaged)
   */
  static @Nullable CheckedState decode(byte[] bytes) {
    if (bytes.length != MAGIC.length + FIELDS + Long.BYTES
        || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      return null;
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - Long.BYTES);
    if (buffer.getLong(bytes.length - Long.BYTES) != crc.getValue()) {
      return null;
    }
    buffer.position(MAGIC.length);
    long device = buffer.getLong();
    long inode = buffer.getLong();
    long size = buffer.getLong();
    long modified = buffer.getLong();
    long changed = buffer.getLong();
    byte[] metaPages = new byte[2 * META_BYTES];
    buffer.get(metaPages);
    return new CheckedState(device, inode, size, modified, changed, metaPages);
  }

  /** The bytes that {@link #decode} reads back, with a checksum. */
  byte[] encode() {
    ByteBuffer buffer = ByteBuffer.allocate(MAGIC.length + FIELDS + Long.BYTES)
        .put(MAGIC).putLong(device).putLong(inode).putLong(size).putLong(modifiedNanos).putLong(changedNanos)
        .put(metaPages);
    CRC32C crc = new CRC32C();
    crc.update(buffer.array(), 0, buffer.position());
    return buffer.putLong(crc.getValue()).array();
  }

  /**
   * Tells how long to wait before this state may be written down: until its change time is
   * {@link #SETTLED} old by the system clock.
   *
   * @param nowNanos the system clock's time, in nanoseconds since the epoch
   * @return nanoseconds to wait, 0 if none; negative if the change time lies in the future by more
   *     than a second (a clock set back), when the state must not be written down at all
   */
  long nanosUntilSettled(long nowNanos) {
    long age = nowNanos - changedNanos;
    if (age < -TimeUnit.SECONDS.toNanos(1)) {
      return -1;
    }
    return Math.max(0, SETTLED - age);
  }

  /** Whether two states are the same state of the same file. */
  @Override
  public boolean equals(Object other) {
    return other instanceof CheckedState that && device == that.device && inode == that.inode && size == that.size
        && modifiedNanos == that.modifiedNanos && changedNanos == that.changedNanos
        && Arrays.equals(metaPages, that.metaPages);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(inode) * 31 + Long.hashCode(changedNanos);
  }

  @Override
  public String toString() {
    return "CheckedState(inode " + inode + ", " + size + " bytes, changed at " + changedNanos + " ns)";
  }
}

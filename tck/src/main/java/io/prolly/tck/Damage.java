package io.prolly.tck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One kind of damage to a store file, as a disk, a copy or a careless user may do it. Applied by
 * {@link CorruptionContract} with a fixed seed, so a failing case can be replayed.
 */
enum Damage {

  /** One bit flipped. */
  FLIP_ONE_BIT {
    @Override
    String applyTo(FileChannel file, long size, Random random) throws IOException {
      long offset = offset(size, random);
      int bit = random.nextInt(8);
      byte old = readByte(file, offset);
      writeBytes(file, offset, new byte[] {(byte) (old ^ (1 << bit))});
      return "flipped bit " + bit + " at offset " + offset;
    }
  },

  /** A few bytes replaced by random ones, at several places. */
  SCRAMBLE_BYTES {
    @Override
    String applyTo(FileChannel file, long size, Random random) throws IOException {
      List<String> places = new ArrayList<>();
      int sites = 1 + random.nextInt(4);
      for (int i = 0; i < sites; i++) {
        long offset = offset(size, random);
        byte[] bytes = new byte[(int) Math.min(1 + random.nextInt(16), size - offset)];
        random.nextBytes(bytes);
        writeBytes(file, offset, bytes);
        places.add(bytes.length + " at " + offset);
      }
      return "replaced bytes with random ones: " + String.join(", ", places);
    }
  },

  /** A range zeroed, like a lost sector. */
  ZERO_RANGE {
    @Override
    String applyTo(FileChannel file, long size, Random random) throws IOException {
      long offset = offset(size, random);
      int length = (int) Math.min(64 + random.nextInt(4096), size - offset);
      writeBytes(file, offset, new byte[length]);
      return "zeroed " + length + " bytes at offset " + offset;
    }
  },

  /** The file cut short. */
  TRUNCATE {
    @Override
    String applyTo(FileChannel file, long size, Random random) throws IOException {
      long length = offset(size, random);
      file.truncate(length);
      return "truncated from " + size + " to " + length + " bytes";
    }
  };

  /**
   * Damages a file.
   *
   * @return what was done, for the failure message
   */
  abstract String applyTo(FileChannel file, long size, Random random) throws IOException;

  /** Damages a file and returns what was done; an empty file is left alone. */
  String applyTo(Path path, Random random) {
    try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = file.size();
      if (size == 0) {
        return "nothing (" + path.getFileName() + " is empty)";
      }
      return applyTo(file, size, random) + " of " + path.getFileName() + " (" + size + " bytes)";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot damage " + path, e);
    }
  }

  private static long offset(long size, Random random) {
    return (long) (random.nextDouble() * size);
  }

  private static byte readByte(FileChannel file, long offset) throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    file.read(one, offset);
    return one.get(0);
  }

  private static void writeBytes(FileChannel file, long offset, byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      file.write(buffer, offset + buffer.position());
    }
  }
}

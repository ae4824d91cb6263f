package io.prolly.backend.lmdb;

import io.prolly.error.ProllyException;
import io.prolly.error.StoreLockedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * An exclusive hold on a store directory, for one open store in the whole machine.
 *
 * <p>LMDB itself lets several processes share an environment, but the storage contract wants a
 * second open of the same location to fail, and LMDB forbids opening one environment twice in the
 * same process (closing one handle would drop the POSIX locks of the other). The hold has two
 * parts: a registry of directories held by this JVM, checked first, and an operating-system lock
 * on a lock file, which other processes see. The registry also keeps this JVM from opening a
 * second channel on a locked file, since closing that channel would release the lock on POSIX
 * systems.
 *
 * <p>The lock file also holds the {@link CheckedState} of the data file at the last close, which
 * only the holder reads and writes (versions that do not know it leave it alone).
 */
final class DirectoryLock implements AutoCloseable {

  static final String FILE_NAME = "prolly.lock";

  /** More than any record this version writes: a longer file is not one of its records. */
  private static final int RECORD_LIMIT = 1024;

  private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

  private final Path directory;
  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(Path directory, FileChannel channel, FileLock lock) {
    this.directory = directory;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the hold, or fails at once if anyone has it.
   *
   * @param directory an existing directory, as a real path
   * @param location the store location, for messages
   * @throws StoreLockedException if this JVM or another process holds the directory
   * @throws ProllyException if the lock file cannot be created
   */
  static DirectoryLock acquire(Path directory, String location) {
    if (!HELD_IN_THIS_JVM.add(directory)) {
      throw new StoreLockedException(location, "LMDB store '" + location
          + "' is already open in this process; share the open store instead of opening it twice", null);
    }
    try {
      return lockFile(directory, location);
    } catch (RuntimeException e) {
      HELD_IN_THIS_JVM.remove(directory);
      throw e;
    }
  }

  private static DirectoryLock lockFile(Path directory, String location) {
    Path file = directory.resolve(FILE_NAME);
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new ProllyException("cannot create the lock file " + file + " of LMDB store '" + location
          + "': " + e.getMessage() + "; check that the directory is writable", e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      // The registry is per class loader: a copy of this class in another one holds the lock.
      closeQuietly(channel, e);
      throw new StoreLockedException(location, "LMDB store '" + location
          + "' is already open in this process (from another class loader); close it first", e);
    } catch (IOException e) {
      closeQuietly(channel, e);
      throw new ProllyException("cannot lock " + file + " of LMDB store '" + location + "': " + e.getMessage(), e);
    }
    if (lock == null) {
      closeQuietly(channel, null);
      throw new StoreLockedException(location, "LMDB store '" + location
          + "' is open in another process (it holds " + file + "); close it there first", null);
    }
    return new DirectoryLock(directory, channel, lock);
  }

  /**
   * Returns what the lock file holds: the {@link CheckedState} written at the last close, or
   * anything else, which {@link CheckedState#decode} refuses.
   *
   * @return at most a few hundred bytes; empty if unreadable
   */
  byte[] recorded() {
    ByteBuffer buffer = ByteBuffer.allocate(RECORD_LIMIT);
    try {
      while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
        // until the end of the file or the limit
      }
    } catch (IOException e) {
      return new byte[0];
    }
    return Arrays.copyOf(buffer.array(), buffer.position());
  }

  /**
   * Replaces what the lock file holds. Not synced: a record lost or torn in a crash fails its
   * checksum, and the next open checks the data file.
   *
   * @throws ProllyException if the lock file cannot be written
   */
  void record(byte[] bytes) {
    try {
      channel.truncate(0);
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer, buffer.position());
      }
    } catch (IOException e) {
      throw new ProllyException("cannot write the lock file in " + directory + ": " + e.getMessage(), e);
    }
  }

  /** Releases the hold. Called once, after the environment is closed. */
  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new ProllyException("cannot release the lock file in " + directory + ": " + e.getMessage(), e);
    } finally {
      HELD_IN_THIS_JVM.remove(directory);
    }
  }

  private static void closeQuietly(FileChannel channel, @Nullable Exception primary) {
    try {
      channel.close();
    } catch (IOException e) {
      if (primary != null) {
        primary.addSuppressed(e);
      }
    }
  }
}

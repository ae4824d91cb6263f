package io.prolly.spi.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Tells a write that failed because the file system is full from other write failures, so that a
 * backend can throw {@link io.prolly.error.StorageFullException} for exactly those. Engines report
 * a full disk in different ways: the JDK as an {@link IOException} with the system's message, and
 * some native engines as a short write, which LMDB, for one, turns into {@code EIO}. So a failure
 * counts as a full disk if it, or one of its causes, says so in the message, or if the file system
 * has less usable space left than the write needed.
 *
 * <p>Thread-safe; it holds no state.
 */
public final class DiskSpace {

  /** What the JDK and native engines say for ENOSPC and EDQUOT on Linux, macOS and Windows. */
  private static final String[] FULL_DISK_MESSAGES = {
      "no space left on device", "disk quota exceeded", "not enough space on the disk", "disk full"};

  private DiskSpace() {}

  /**
   * Tells whether a write failed because the file system it wrote to is full.
   *
   * @param location the file or directory written, or a path below a directory that exists
   * @param bytesNeeded about how many bytes the failed write needed; 0 if unknown, which leaves
   *     only the messages to decide
   * @param failure what the write threw
   * @return true if the failure, or a cause of it, reports a full disk, or the file system has
   *     fewer than {@code bytesNeeded} usable bytes left
   * @throws IllegalArgumentException if an argument is null or {@code bytesNeeded} is negative
   */
  public static boolean ranOut(Path location, long bytesNeeded, Throwable failure) {
    Arguments.notNull(location, "location");
    Arguments.notNull(failure, "failure");
    Arguments.check(bytesNeeded >= 0, "bytesNeeded is %d; it must be 0 (unknown) or more", bytesNeeded);
    Set<Throwable> seen = new HashSet<>();
    for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
      String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
      for (String full : FULL_DISK_MESSAGES) {
        if (message.contains(full)) {
          return true;
        }
      }
    }
    return bytesNeeded > 0 && !hasRoom(location, bytesNeeded);
  }

  /**
   * Tells whether the file system of a location has a number of bytes usable, for a backend that
   * must write that much to recover from a full disk.
   *
   * @param location a file or directory, or a path below a directory that exists
   * @param bytes how many bytes are needed
   * @return false if the file system has fewer usable bytes; true if it has them, or if its free
   *     space cannot be read
   * @throws IllegalArgumentException if the location is null or {@code bytes} is negative
   */
  public static boolean hasRoom(Path location, long bytes) {
    Arguments.notNull(location, "location");
    Arguments.check(bytes >= 0, "bytes is %d; it must not be negative", bytes);
    return usableSpace(location) >= bytes;
  }

  /** The usable bytes of the file system of the nearest existing path at or above a location; unknown is plenty. */
  private static long usableSpace(Path location) {
    for (Path path = location.toAbsolutePath(); path != null; path = path.getParent()) {
      if (Files.exists(path)) {
        try {
          return Files.getFileStore(path).getUsableSpace();
        } catch (IOException | SecurityException e) {
          return Long.MAX_VALUE;
        }
      }
    }
    return Long.MAX_VALUE;
  }
}

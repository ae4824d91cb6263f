package io.prolly.backend.file;

import io.prolly.error.StoreLockedException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The store files this JVM has open.
 *
 * <p>Why: MVStore locks its file with {@link java.nio.channels.FileChannel#tryLock()}, and a
 * second open in the same JVM fails as it should. But the failed open then closes its own
 * channel, and on Linux closing any descriptor of a file drops every POSIX lock the process holds
 * on it, so another process could open the file under the first handle. Refusing the second open
 * here, before any channel is opened, keeps the first handle's lock intact.
 */
final class OpenFiles {

  private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

  private OpenFiles() {}

  /**
   * Claims a file for one store handle.
   *
   * @param file the absolute, normalised file path
   * @param location the location as configured, for the message
   * @throws StoreLockedException if a store handle of this JVM has the file open
   */
  static void claim(Path file, String location) {
    if (!OPEN.add(file)) {
      throw new StoreLockedException(location, "store file '" + location
          + "' is already open in this process; close the other store handle first, or share it", null);
    }
  }

  /** Releases a file claimed with {@link #claim}. */
  static void release(Path file) {
    OPEN.remove(file);
  }
}

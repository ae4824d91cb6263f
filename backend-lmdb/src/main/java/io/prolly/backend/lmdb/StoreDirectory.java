package io.prolly.backend.lmdb;

import io.prolly.CorruptStoreException;
import io.prolly.ProllyException;
import io.prolly.spi.StoreConfig;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The directory of an LMDB store: LMDB's {@code data.mdb} and {@code lock.mdb}, and our
 * {@link DirectoryLock#FILE_NAME lock file}. Nothing else may be in it, so a directory of another
 * backend, or of anything else, is refused instead of being filled with LMDB files.
 *
 * @param path the directory, as a real path
 * @param location the store location, for messages
 */
record StoreDirectory(Path path, String location) {

  static final String DATA_FILE = "data.mdb";
  static final String LMDB_LOCK_FILE = "lock.mdb";
  private static final Set<String> OUR_FILES = Set.of(DATA_FILE, LMDB_LOCK_FILE, DirectoryLock.FILE_NAME);

  /**
   * Checks the configured location and creates the directory if it does not exist.
   *
   * @throws IllegalArgumentException if the location is not a usable path or is a file
   * @throws ProllyException if the directory cannot be created or is not writable
   */
  static StoreDirectory prepare(StoreConfig config) {
    Path path = config.path();
    String location = config.location();
    if (Files.exists(path) && !Files.isDirectory(path)) {
      throw new IllegalArgumentException("LMDB store location '" + location
          + "' is a file; the lmdb backend keeps a store in a directory of its own. Give the path of a new or"
          + " empty directory (a single-file store is the 'file' backend's)");
    }
    try {
      Files.createDirectories(path);
      path = path.toRealPath();
    } catch (IOException e) {
      throw new ProllyException("cannot create the directory of LMDB store '" + location + "': " + e
          + "; check the path and the permissions of its parent", e);
    }
    if (!Files.isWritable(path)) {
      throw new ProllyException("the directory of LMDB store '" + location
          + "' is not writable; LMDB needs to write its data and lock files there");
    }
    return new StoreDirectory(path, location);
  }

  /**
   * Tells whether the directory already holds an LMDB data file.
   *
   * @throws CorruptStoreException if it holds files that are not an LMDB store's
   */
  boolean hasData() {
    List<String> foreign = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (!OUR_FILES.contains(name)) {
          foreign.add(name);
        }
      }
    } catch (IOException e) {
      throw new ProllyException("cannot list the directory of LMDB store '" + location + "': " + e, e);
    }
    if (!foreign.isEmpty()) {
      foreign.sort(null);
      throw new CorruptStoreException(location, "directory '" + location + "' is not an LMDB store: it holds "
          + (foreign.size() > 5 ? foreign.subList(0, 5) + " and " + (foreign.size() - 5) + " more" : foreign)
          + ", which LMDB does not write; it may belong to another backend. Open it with the backend that"
          + " created it, or give the lmdb backend a new or empty directory", null);
    }
    return Files.exists(path.resolve(DATA_FILE));
  }

  /**
   * The length of the data file.
   *
   * @throws ProllyException if it cannot be read
   */
  long dataFileSize() {
    Path data = path.resolve(DATA_FILE);
    try {
      return Files.size(data);
    } catch (IOException e) {
      throw new ProllyException("cannot read the size of " + data + ": " + e, e);
    }
  }

  /** The bytes LMDB's files take on disk now. */
  long sizeOnDisk() {
    long total = 0;
    for (String name : List.of(DATA_FILE, LMDB_LOCK_FILE)) {
      try {
        total += Files.size(path.resolve(name));
      } catch (NoSuchFileException e) {
        // Not created yet: it takes nothing.
      } catch (IOException e) {
        throw new ProllyException("cannot read the size of " + path.resolve(name) + ": " + e, e);
      }
    }
    return total;
  }
}

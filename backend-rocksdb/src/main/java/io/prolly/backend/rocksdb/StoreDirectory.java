package io.prolly.backend.rocksdb;

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
import java.util.stream.Stream;

/**
 * The directory of a RocksDB store. A database is recognised by its {@code CURRENT} file; a
 * directory without one must be empty but for what an interrupted first open leaves, so that the
 * directory of another backend, or of anything else, is refused rather than filled with RocksDB
 * files.
 *
 * @param path the directory, as a real path
 * @param location the store location, for messages
 */
record StoreDirectory(Path path, String location) {

  static final String CURRENT_FILE = "CURRENT";

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
      throw new IllegalArgumentException("RocksDB store location '" + location
          + "' is a file; the rocksdb backend keeps a store in a directory of its own. Give the path of a new or"
          + " empty directory (a single-file store is the 'file' backend's)");
    }
    try {
      Files.createDirectories(path);
      path = path.toRealPath();
    } catch (IOException e) {
      throw new ProllyException("cannot create the directory of RocksDB store '" + location + "': " + e
          + "; check the path and the permissions of its parent", e);
    }
    if (!Files.isWritable(path)) {
      throw new ProllyException("the directory of RocksDB store '" + location
          + "' is not writable; RocksDB needs to write its files there");
    }
    return new StoreDirectory(path, location);
  }

  /**
   * Tells whether the directory holds a RocksDB database.
   *
   * @throws CorruptStoreException if it holds no database but other files
   */
  boolean hasDatabase() {
    if (Files.exists(path.resolve(CURRENT_FILE))) {
      return true;
    }
    List<String> foreign = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (!isLeftByAnInterruptedCreate(name)) {
          foreign.add(name);
        }
      }
    } catch (IOException e) {
      throw new ProllyException("cannot list the directory of RocksDB store '" + location + "': " + e, e);
    }
    if (!foreign.isEmpty()) {
      foreign.sort(null);
      throw new CorruptStoreException(location, "directory '" + location + "' is not a RocksDB store: it has no "
          + CURRENT_FILE + " file but holds "
          + (foreign.size() > 5 ? foreign.subList(0, 5) + " and " + (foreign.size() - 5) + " more" : foreign)
          + "; it may belong to another backend. Open it with the backend that created it, or give the rocksdb"
          + " backend a new or empty directory", null);
    }
    return false;
  }

  /**
   * Tells whether the directory holds a table or a non-empty write-ahead log: data that a
   * database only has once something was committed to it.
   *
   * @throws ProllyException if the directory cannot be listed
   */
  boolean holdsDataFiles() {
    try (Stream<Path> files = Files.list(path)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.endsWith(".sst") || name.endsWith(".log") && sizeOf(file) > 0) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new ProllyException("cannot list the directory of RocksDB store '" + location + "': " + e, e);
    }
  }

  private static long sizeOf(Path file) throws IOException {
    try {
      return Files.size(file);
    } catch (NoSuchFileException e) {
      return 0;
    }
  }

  private static boolean isLeftByAnInterruptedCreate(String name) {
    return name.equals("LOCK") || name.equals("IDENTITY") || name.startsWith("LOG");
  }

  /** The bytes the store's files take on disk now. */
  long sizeOnDisk() {
    try (Stream<Path> files = Files.list(path)) {
      long total = 0;
      for (Path file : (Iterable<Path>) files::iterator) {
        // A file deleted by a compaction since the listing takes nothing now.
        total += sizeOf(file);
      }
      return total;
    } catch (IOException e) {
      throw new ProllyException("cannot read the size of RocksDB store '" + location + "': " + e, e);
    }
  }
}

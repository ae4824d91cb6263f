package io.prolly.spi.support;

import io.prolly.error.CorruptStoreException;
import io.prolly.error.ProllyException;
import io.prolly.spi.StoreConfig;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The directory a backend keeps a store in, checked the same way for every directory backend:
 * the location must not be a file, is created if missing, must be writable, and must hold only
 * files the backend's engine writes, so the directory of another backend (or anything else) is
 * refused instead of being filled with foreign files.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class StoreDirectory {

  private final Path path;
  private final String location;
  private final String engine;
  private final String scheme;

  private StoreDirectory(Path path, String location, String engine, String scheme) {
    this.path = path;
    this.location = location;
    this.engine = engine;
    this.scheme = scheme;
  }

  /**
   * Checks the configured location and creates the directory if it does not exist.
   *
   * @param config the store configuration; its location is the directory
   * @param engine the engine's name for messages, such as {@code LMDB}
   * @return the directory, with its real path
   * @throws IllegalArgumentException if the location is not a usable path or is a file
   * @throws ProllyException if the directory cannot be created or is not writable
   */
  public static StoreDirectory prepare(StoreConfig config, String engine) {
    Arguments.notNull(config, "config");
    Arguments.notNull(engine, "engine");
    Path path = config.path();
    String location = config.location();
    if (Files.exists(path) && !Files.isDirectory(path)) {
      throw new IllegalArgumentException(engine + " store location '" + location + "' is a file; the "
          + config.scheme() + " backend keeps a store in a directory of its own. Give the path of a new or"
          + " empty directory (a single-file store is the 'file' backend's)");
    }
    try {
      Files.createDirectories(path);
      path = path.toRealPath();
    } catch (IOException e) {
      throw new ProllyException("cannot create the directory of " + engine + " store '" + location + "': " + e
          + "; check the path and the permissions of its parent", e);
    }
    if (!Files.isWritable(path)) {
      throw new ProllyException("the directory of " + engine + " store '" + location
          + "' is not writable; " + engine + " needs to write its files there");
    }
    return new StoreDirectory(path, location, engine, config.scheme());
  }

  /**
   * Returns the directory.
   *
   * @return its real path
   */
  public Path path() {
    return path;
  }

  /**
   * Returns the location as configured, for messages.
   *
   * @return the location
   */
  public String location() {
    return location;
  }

  /**
   * Checks that every file in the directory is one the engine writes.
   *
   * @param ours tells, by file name, whether the engine (or the backend) writes that file
   * @throws CorruptStoreException naming up to five foreign files if there are any
   * @throws ProllyException if the directory cannot be listed
   */
  public void requireOnly(Predicate<String> ours) {
    Arguments.notNull(ours, "ours");
    List<String> foreign = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (!ours.test(name)) {
          foreign.add(name);
        }
      }
    } catch (IOException e) {
      throw new ProllyException("cannot list the directory of " + engine + " store '" + location + "': " + e, e);
    }
    if (!foreign.isEmpty()) {
      foreign.sort(null);
      throw new CorruptStoreException(location, "directory '" + location + "' is not a store of the " + scheme + " backend: it holds "
          + (foreign.size() > 5 ? foreign.subList(0, 5) + " and " + (foreign.size() - 5) + " more" : foreign)
          + ", which " + engine + " does not write; it may belong to another backend. Open it with the backend"
          + " that created it, or give the " + scheme + " backend a new or empty directory", null);
    }
  }

  /**
   * Returns the bytes the store's files take on disk now.
   *
   * @return the sum of the sizes of the directory's files
   * @throws ProllyException if the directory cannot be read
   */
  public long sizeOnDisk() {
    try (Stream<Path> files = Files.list(path)) {
      long total = 0;
      for (Path file : (Iterable<Path>) files::iterator) {
        try {
          total += Files.size(file);
        } catch (NoSuchFileException e) {
          // Deleted (by a compaction, say) since the listing: it takes nothing now.
        }
      }
      return total;
    } catch (IOException e) {
      throw new ProllyException("cannot read the size of " + engine + " store '" + location + "': " + e, e);
    }
  }
}

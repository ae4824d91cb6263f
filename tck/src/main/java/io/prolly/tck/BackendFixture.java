package io.prolly.tck;

import io.prolly.spi.BackendProvider;
import io.prolly.spi.StoreConfig;
import java.nio.file.Path;
import java.util.Set;

/**
 * How the TCK reaches the backend under test. {@link NodeStoreContract} implements it with
 * abstract methods that a backend's test class fills in.
 */
public interface BackendFixture {

  /**
   * Returns the provider of the backend under test; the TCK opens every store through it.
   *
   * @return the provider, the same class as the one registered for {@link java.util.ServiceLoader}
   */
  BackendProvider provider();

  /**
   * Returns the configuration of a store kept in a directory. The TCK gives each test a new,
   * empty directory, and opens the same configuration again to test persistence.
   * {@link StoreLocationContract} also passes paths that do not exist yet or that hold something
   * else, so the method must only build the configuration, never touch the file system, and put
   * the location at {@code directory} or inside it.
   *
   * @param directory a directory path owned by the test, usually existing and empty
   * @return the configuration; the TCK may add a durability option to it
   */
  StoreConfig config(Path directory);

  /**
   * Tells whether the backend keeps data across close and reopen. The persistence rules are
   * skipped, and reported as skipped, for a backend that answers false.
   *
   * @return true for persistent backends
   */
  boolean persistent();

  /**
   * Tells what the backend keeps at its location: a directory of its own (the default) or one
   * file. {@link StoreLocationContract} uses it to build locations of the wrong kind.
   *
   * @return the layout of a store at {@code config(directory).location()}
   */
  default StoreLayout layout() {
    return StoreLayout.DIRECTORY;
  }

  /**
   * Tells whether opening a location whose parent directories are missing creates them (the
   * default). A backend that answers false must refuse such a location with a clear exception
   * naming it, and create nothing.
   *
   * @return true if missing parent directories are created
   */
  default boolean createsMissingDirectories() {
    return true;
  }

  /**
   * Returns the names of the backend-specific figures that {@link io.prolly.spi.StoreStats#figures()}
   * always holds, such as {@code mapSize}; {@link StoreLocationContract} checks they are there.
   *
   * @return figure names; none by default
   */
  default Set<String> statsFigures() {
    return Set.of();
  }
}

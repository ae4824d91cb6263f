package io.prolly.tck;

import io.prolly.spi.BackendProvider;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.support.Arguments;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * How the TCK reaches the backend under test. {@link NodeStoreContract} implements it with
 * abstract methods that a backend's test class fills in.
 */
public interface BackendFixture {

  /**
   * Finds the provider registered for a scheme the way applications do, through
   * {@link ServiceLoader}: for fixtures of backends whose provider class is not exported, such as
   * the in-memory store inside core.
   *
   * @param scheme the scheme, such as {@code memory}
   * @return a new instance of the registered provider
   * @throws IllegalArgumentException if the scheme is null
   * @throws AssertionError if no provider on the class path or module path handles the scheme
   */
  static BackendProvider registered(String scheme) {
    Arguments.notNull(scheme, "scheme");
    return ServiceLoader.load(BackendProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(provider -> provider.scheme().equals(scheme))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no registered provider handles the scheme '" + scheme + "'"));
  }

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

package io.prolly.tck;

import io.prolly.spi.BackendProvider;
import io.prolly.spi.StoreConfig;
import java.nio.file.Path;

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
   *
   * @param directory an existing, empty directory owned by the test
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
}

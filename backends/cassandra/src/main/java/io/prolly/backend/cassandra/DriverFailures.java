package io.prolly.backend.cassandra;

import com.datastax.oss.driver.api.core.DriverException;

/** Turns the driver's exceptions into the store's, naming the operation and the store. */
final class DriverFailures {

  private DriverFailures() {}

  static CassandraStoreException wrap(String operation, String store, DriverException e) {
    return new CassandraStoreException("cannot " + operation + " in store '" + store + "': "
        + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
  }
}

/** Prolly's Apache Cassandra storage backend (scheme {@code cassandra}): a cluster shared by many processes. */
module io.prolly.backend.cassandra {
  requires io.prolly.api;
  // The driver jar has no Automatic-Module-Name (its OSGi name is com.datastax.oss.driver.core), so its
  // module name comes from the file name.
  requires java.driver.core;

  exports io.prolly.backend.cassandra;

  provides io.prolly.spi.BackendProvider with io.prolly.backend.cassandra.CassandraBackendProvider;
}

package io.prolly.backend.cassandra;

import io.prolly.backend.cassandra.testing.TestCassandra;
import io.prolly.spi.BackendProvider;
import io.prolly.spi.StoreConfig;
import io.prolly.tck.BackendFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * How every TCK contract reaches the cassandra backend: the test's directory names a store in the
 * shared keyspace of the test node (the same directory, the same store, so reopening finds the
 * data), and nothing is written to the directory itself.
 */
public interface CassandraFixture extends BackendFixture {

  /** The keyspace of every test store. */
  String KEYSPACE = "prolly_test";

  @Override
  default BackendProvider provider() {
    return new CassandraBackendProvider();
  }

  @Override
  default StoreConfig config(Path directory) {
    return StoreConfig.builder("cassandra").location(TestCassandra.shared().location(KEYSPACE))
        .option(CassandraBackendProvider.STORE, storeFor(directory))
        .option(CassandraBackendProvider.REPLICATION_FACTOR, 1L).build();
  }

  @Override
  default boolean persistent() {
    return true;
  }

  @Override
  default Set<String> statsFigures() {
    return Set.of("commits", "nodeBuckets");
  }

  /** A store name unique to a directory. */
  static String storeFor(Path directory) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(directory.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
      return "t_" + HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

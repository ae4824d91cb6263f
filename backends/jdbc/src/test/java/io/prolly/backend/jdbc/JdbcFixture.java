package io.prolly.backend.jdbc;

import io.prolly.backend.jdbc.testing.TestPostgres;
import io.prolly.spi.BackendProvider;
import io.prolly.spi.StoreConfig;
import io.prolly.tck.BackendFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How every TCK contract reaches the jdbc backend: the test's directory names a schema of the
 * shared test server (the same directory, the same schema, so reopening finds the data), and
 * nothing is written to the directory itself.
 */
public interface JdbcFixture extends BackendFixture {

  @Override
  default BackendProvider provider() {
    return new JdbcBackendProvider();
  }

  @Override
  default StoreConfig config(Path directory) {
    return TestPostgres.shared().storeConfig(schemaFor(directory));
  }

  @Override
  default boolean persistent() {
    return true;
  }

  /** A schema name unique to a directory. */
  static String schemaFor(Path directory) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(directory.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
      return "t_" + HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

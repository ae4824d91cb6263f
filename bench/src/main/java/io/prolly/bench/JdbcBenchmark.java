package io.prolly.bench;

import io.prolly.backend.jdbc.JdbcBackendProvider;
import io.prolly.backend.jdbc.testing.TestPostgres;
import io.prolly.spi.Hash;
import io.prolly.spi.StoreConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The jdbc backend on PostgreSQL: commits per second from 1, 4 and 16 writers, each on its own
 * branch or all on one branch (compare-and-set conflicts retried; {@link BranchCommits}), and node
 * write throughput in batches of {@value NodeStoreBenchmark#BATCH} through the store against plain JDBC
 * {@code INSERT} batches of the same bytes into a bare table (read the two as a ratio).
 *
 * <p>By default each fork starts its own PostgreSQL from zonky's binaries, as the backend's tests
 * do ({@link TestPostgres}). To measure a real server instead, pass its store URI:
 * {@code -jvmArgs -Dprolly.bench.jdbc=jdbc:postgresql://db:5432/bench?user=bench&password=secret}.
 * The server should not hold other load while it runs.
 */
public class JdbcBenchmark extends BranchCommits {

  /** A bare table in the store's schema, for the plain-JDBC comparison. */
  Connection raw;
  String rawTable;

  /** Opens one store in a new schema, and the bare table beside it. */
  @Setup(Level.Trial)
  public void open() throws SQLException {
    String schema = "bench_" + System.nanoTime();
    String uri = System.getProperty("prolly.bench.jdbc");
    StoreConfig config = uri == null ? TestPostgres.shared().storeConfig(schema)
        : StoreConfig.parse(uri).toBuilder().option(JdbcBackendProvider.SCHEMA, schema).build();
    // Enough connections that 16 writers never wait for one.
    store = new JdbcBackendProvider().open(config.toBuilder().option(JdbcBackendProvider.POOL_SIZE, 20L).build());
    Properties properties = new Properties();
    properties.setProperty("user", config.get(JdbcBackendProvider.USER));
    properties.setProperty("password", config.get(JdbcBackendProvider.PASSWORD));
    properties.setProperty("reWriteBatchedInserts", "true");
    raw = DriverManager.getConnection("jdbc:" + config.location(), properties);
    raw.setAutoCommit(false);
    rawTable = schema + ".raw_nodes";
    try (Statement statement = raw.createStatement()) {
      statement.execute("CREATE TABLE " + rawTable + " (hash bytea PRIMARY KEY, data bytea NOT NULL)");
    }
    raw.commit();
  }

  @TearDown(Level.Trial)
  public void close() throws SQLException {
    store.close();
    raw.close();
  }

  /** The same bytes as plain JDBC INSERT batches into a bare table, one transaction. */
  @Benchmark
  public void nodeBatchPlainInsert(BranchCommits.Batch batch) throws SQLException {
    try (PreparedStatement insert = raw.prepareStatement("INSERT INTO " + rawTable + " (hash, data) VALUES (?, ?)")) {
      for (Map.Entry<Hash, byte[]> node : batch.nodes.entrySet()) {
        insert.setBytes(1, node.getKey().toBytes());
        insert.setBytes(2, node.getValue());
        insert.addBatch();
      }
      insert.executeBatch();
    }
    raw.commit();
  }
}

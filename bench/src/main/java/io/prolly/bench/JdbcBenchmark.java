package io.prolly.bench;

import io.prolly.backend.jdbc.JdbcBackendProvider;
import io.prolly.backend.jdbc.testing.TestPostgres;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.StoreConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

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
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class JdbcBenchmark {

  /** One store in a new schema, and a bare table for the plain-JDBC comparison. */
  @State(Scope.Benchmark)
  public static class Database {
    NodeStore store;
    Connection raw;
    String rawTable;

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
  }

  @Benchmark
  @Threads(1)
  public void commitOwnBranch01(Database database, BranchCommits.Writer writer) {
    BranchCommits.commitOwn(database.store, writer);
  }

  @Benchmark
  @Threads(4)
  public void commitOwnBranch04(Database database, BranchCommits.Writer writer) {
    BranchCommits.commitOwn(database.store, writer);
  }

  @Benchmark
  @Threads(16)
  public void commitOwnBranch16(Database database, BranchCommits.Writer writer) {
    BranchCommits.commitOwn(database.store, writer);
  }

  @Benchmark
  @Threads(1)
  public void commitSharedBranch01(Database database, BranchCommits.Writer writer) {
    BranchCommits.commitShared(database.store, writer);
  }

  @Benchmark
  @Threads(4)
  public void commitSharedBranch04(Database database, BranchCommits.Writer writer) {
    BranchCommits.commitShared(database.store, writer);
  }

  @Benchmark
  @Threads(16)
  public void commitSharedBranch16(Database database, BranchCommits.Writer writer) {
    BranchCommits.commitShared(database.store, writer);
  }

  /** A batch of nodes committed through the store (one transaction, batched idempotent inserts). */
  @Benchmark
  public void nodeBatchThroughStore(Database database, BranchCommits.Batch batch) {
    BranchCommits.commitBatch(database.store, batch);
  }

  /** The same bytes as plain JDBC INSERT batches into a bare table, one transaction. */
  @Benchmark
  public void nodeBatchPlainInsert(Database database, BranchCommits.Batch batch) throws SQLException {
    try (PreparedStatement insert = database.raw.prepareStatement(
        "INSERT INTO " + database.rawTable + " (hash, data) VALUES (?, ?)")) {
      for (Map.Entry<Hash, byte[]> node : batch.nodes.entrySet()) {
        insert.setBytes(1, node.getKey().toBytes());
        insert.setBytes(2, node.getValue());
        insert.addBatch();
      }
      insert.executeBatch();
    }
    database.raw.commit();
  }
}

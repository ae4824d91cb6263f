package io.prolly.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.prolly.backend.cassandra.CassandraBackendProvider;
import io.prolly.backend.cassandra.testing.TestCassandra;
import io.prolly.spi.Hash;
import io.prolly.spi.StoreConfig;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cassandra backend, measured as {@link JdbcBenchmark} measures the jdbc backend: commits per
 * second from 1, 4 and 16 writers, each on its own branch or all on one branch
 * ({@link BranchCommits}), and node write throughput in batches of
 * {@value NodeStoreBenchmark#BATCH} through the store against plain unconditional {@code INSERT}s
 * of the same bytes into a bare table, 32 in flight at {@code QUORUM} as the store writes them
 * (read the two as a ratio).
 *
 * <p>Built only with the Maven profile {@code cassandra}. By default each fork starts one node in
 * a child JVM, as the backend's tests do ({@link TestCassandra}), from the class path file that
 * {@code backends/cassandra-testnode} writes (run from the repository's root, or pass
 * {@code -jvmArgs -Dprolly.cassandra.classpath=FILE}). To measure a real cluster instead, pass a
 * store URI without a store name: {@code -jvmArgs -Dprolly.bench.cassandra=cassandra://db1:9042/bench?localDatacenter=dc1}.
 */
public class CassandraBenchmark extends BranchCommits {

  private static final String CLASSPATH_FILE = "backends/cassandra-testnode/target/cassandra.classpath";
  private static final int WRITES_IN_FLIGHT = 32;

  /** A bare table in the store's keyspace, for the plain comparison. */
  CqlSession raw;
  PreparedStatement rawInsert;

  /** Opens one store of its own in the keyspace, and the bare table beside it. */
  @Setup(Level.Trial)
  public void open() {
    String uri = System.getProperty("prolly.bench.cassandra");
    StoreConfig config;
    if (uri == null) {
      if (System.getProperty(TestCassandra.CLASSPATH_PROPERTY) == null) {
        Path file = Path.of(CLASSPATH_FILE).toAbsolutePath();
        if (!Files.isRegularFile(file)) {
          throw new IllegalStateException("no " + file + ": build with -Pcassandra and run from the repository's"
              + " root, or pass -jvmArgs -D" + TestCassandra.CLASSPATH_PROPERTY + "=FILE");
        }
        System.setProperty(TestCassandra.CLASSPATH_PROPERTY, file.toString());
      }
      config = StoreConfig.builder("cassandra").location(TestCassandra.shared().location("prolly_bench"))
          .option(CassandraBackendProvider.REPLICATION_FACTOR, 1L).build();
    } else {
      config = StoreConfig.parse(uri);
    }
    config = config.toBuilder().option(CassandraBackendProvider.STORE, "bench_" + System.nanoTime()).build();
    store = new CassandraBackendProvider().open(config);
    String location = config.location();
    String keyspace = location.substring(location.lastIndexOf('/') + 1);
    raw = CqlSession.builder().addContactPoints(contactPoints(location))
        .withLocalDatacenter(config.get(CassandraBackendProvider.LOCAL_DATACENTER))
        .build();
    raw.execute(SimpleStatement.newInstance("CREATE TABLE IF NOT EXISTS "
        + keyspace + ".raw_nodes (hash blob PRIMARY KEY, data blob)").setTimeout(Duration.ofSeconds(60)));
    rawInsert = raw.prepare("INSERT INTO " + keyspace + ".raw_nodes (hash, data) VALUES (?, ?)");
  }

  @TearDown(Level.Trial)
  public void close() {
    store.close();
    raw.close();
  }

  private static List<InetSocketAddress> contactPoints(String location) {
    String hosts = location.substring(2, location.lastIndexOf('/'));
    hosts = hosts.substring(hosts.indexOf('@') + 1);
    List<InetSocketAddress> points = new ArrayList<>();
    for (String host : hosts.split(",")) {
      int colon = host.lastIndexOf(':');
      points.add(colon < 0 ? new InetSocketAddress(host, 9042)
          : new InetSocketAddress(host.substring(0, colon), Integer.parseInt(host.substring(colon + 1))));
    }
    return points;
  }

  /** The same bytes as plain unconditional inserts into a bare table, 32 in flight. */
  @Benchmark
  public void nodeBatchPlainInsert(BranchCommits.Batch batch) {
    List<CompletionStage<AsyncResultSet>> running = new ArrayList<>();
    for (Map.Entry<Hash, byte[]> node : batch.nodes.entrySet()) {
      running.add(raw.executeAsync(rawInsert.bind(ByteBuffer.wrap(node.getKey().toBytes()),
          ByteBuffer.wrap(node.getValue())).setConsistencyLevel(DefaultConsistencyLevel.QUORUM)));
      if (running.size() >= WRITES_IN_FLIGHT) {
        running.forEach(write -> write.toCompletableFuture().join());
        running.clear();
      }
    }
    running.forEach(write -> write.toCompletableFuture().join());
  }
}

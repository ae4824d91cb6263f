package io.prolly.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.prolly.backend.cassandra.CassandraBackendProvider;
import io.prolly.backend.cassandra.testing.TestCassandra;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
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
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class CassandraBenchmark {

  private static final String CLASSPATH_FILE = "backends/cassandra-testnode/target/cassandra.classpath";
  private static final int WRITES_IN_FLIGHT = 32;

  /** One store of its own in the keyspace, and a bare table for the plain comparison. */
  @State(Scope.Benchmark)
  public static class Cluster {
    NodeStore store;
    CqlSession raw;
    PreparedStatement rawInsert;

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
  }

  @Benchmark
  @Threads(1)
  public void commitOwnBranch01(Cluster cluster, BranchCommits.Writer writer) {
    BranchCommits.commitOwn(cluster.store, writer);
  }

  @Benchmark
  @Threads(4)
  public void commitOwnBranch04(Cluster cluster, BranchCommits.Writer writer) {
    BranchCommits.commitOwn(cluster.store, writer);
  }

  @Benchmark
  @Threads(16)
  public void commitOwnBranch16(Cluster cluster, BranchCommits.Writer writer) {
    BranchCommits.commitOwn(cluster.store, writer);
  }

  @Benchmark
  @Threads(1)
  public void commitSharedBranch01(Cluster cluster, BranchCommits.Writer writer) {
    BranchCommits.commitShared(cluster.store, writer);
  }

  @Benchmark
  @Threads(4)
  public void commitSharedBranch04(Cluster cluster, BranchCommits.Writer writer) {
    BranchCommits.commitShared(cluster.store, writer);
  }

  @Benchmark
  @Threads(16)
  public void commitSharedBranch16(Cluster cluster, BranchCommits.Writer writer) {
    BranchCommits.commitShared(cluster.store, writer);
  }

  /** A batch of nodes committed through the store (node rows, then one conditional batch). */
  @Benchmark
  public void nodeBatchThroughStore(Cluster cluster, BranchCommits.Batch batch) {
    BranchCommits.commitBatch(cluster.store, batch);
  }

  /** The same bytes as plain unconditional inserts into a bare table, 32 in flight. */
  @Benchmark
  public void nodeBatchPlainInsert(Cluster cluster, BranchCommits.Batch batch) {
    List<CompletionStage<AsyncResultSet>> running = new ArrayList<>();
    for (Map.Entry<Hash, byte[]> node : batch.nodes.entrySet()) {
      running.add(cluster.raw.executeAsync(cluster.rawInsert.bind(ByteBuffer.wrap(node.getKey().toBytes()),
          ByteBuffer.wrap(node.getValue())).setConsistencyLevel(DefaultConsistencyLevel.QUORUM)));
      if (running.size() >= WRITES_IN_FLIGHT) {
        running.forEach(write -> write.toCompletableFuture().join());
        running.clear();
      }
    }
    running.forEach(write -> write.toCompletableFuture().join());
  }
}

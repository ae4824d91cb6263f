package io.prolly.bench;

import io.prolly.spi.Durability;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.WriteTransaction;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The storage SPI of each backend: committing batches of 4 KiB nodes, reading nodes back, and
 * small durable commits. Node contents and ids are prepared outside the measured code, so the
 * figures are the store's own cost. {@link RawEngineBenchmark} does the same work on each engine
 * directly.
 *
 * <p>A backend may carry options as in a store URI, for example
 * {@code -p backend=file?verifyNodes=false} to read without checking each node's hash.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NodeStoreBenchmark {

  static final int NODE_SIZE = 4096;
  static final int BATCH = 1_000;
  static final int PRELOADED = 100_000;
  static final int READS_PER_TRANSACTION = 100;

  /** A store with {@link #PRELOADED} nodes, for reads. */
  @State(Scope.Benchmark)
  public static class Loaded {
    @Param({"memory", "file", "lmdb", "rocksdb"})
    public String backend;

    BenchStore bench;
    Hash[] ids;

    @Setup(Level.Trial)
    public void load() {
      bench = new BenchStore(backend, Durability.EVENTUAL);
      ids = new Hash[PRELOADED];
      NodeSource source = new NodeSource(1);
      for (int done = 0; done < PRELOADED; done += BATCH) {
        Map<Hash, byte[]> batch = source.nextBatch(BATCH);
        System.arraycopy(batch.keySet().toArray(new Hash[0]), 0, ids, done, BATCH);
        try (WriteTransaction tx = bench.store.beginWrite()) {
          tx.putAll(batch);
          tx.commit();
        }
      }
    }

    @TearDown(Level.Trial)
    public void close() {
      bench.close();
    }
  }

  /** An empty store and the next batch of new nodes to write to it. */
  @State(Scope.Benchmark)
  public static class Writing {
    @Param({"memory", "file", "lmdb", "rocksdb"})
    public String backend;

    BenchStore bench;
    NodeSource source;
    Map<Hash, byte[]> nextBatch;

    @Setup(Level.Trial)
    public void open() {
      bench = new BenchStore(backend, Durability.EVENTUAL);
      source = new NodeSource(2);
    }

    @Setup(Level.Invocation)
    public void prepareBatch() {
      nextBatch = source.nextBatch(BATCH);
    }

    @TearDown(Level.Trial)
    public void close() {
      bench.close();
    }
  }

  /** A store with IMMEDIATE durability for one-node commits. */
  @State(Scope.Benchmark)
  public static class Durable {
    @Param({"memory", "file", "lmdb", "rocksdb"})
    public String backend;

    BenchStore bench;
    NodeSource source;
    Map<Hash, byte[]> nextNode;

    @Setup(Level.Trial)
    public void open() {
      bench = new BenchStore(backend, Durability.IMMEDIATE);
      source = new NodeSource(3);
    }

    @Setup(Level.Invocation)
    public void prepareNode() {
      nextNode = source.nextBatch(1);
    }

    @TearDown(Level.Trial)
    public void close() {
      bench.close();
    }
  }

  /** Per-thread random choice of the nodes to read. */
  @State(Scope.Thread)
  public static class Reader {
    final SplittableRandom random = new SplittableRandom(4);
  }

  /** Nodes written per second, in committed batches of 1,000 new 4 KiB nodes. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void writeBatchOf1000Nodes(Writing state) {
    try (WriteTransaction tx = state.bench.store.beginWrite()) {
      tx.putAll(state.nextBatch);
      tx.commit();
    }
  }

  /** Random point reads of existing nodes per second, 100 per read transaction. */
  @Benchmark
  @OperationsPerInvocation(READS_PER_TRANSACTION)
  public void readExistingNodes(Loaded state, Reader reader, Blackhole sink) {
    try (ReadTransaction tx = state.bench.store.beginRead()) {
      for (int i = 0; i < READS_PER_TRANSACTION; i++) {
        sink.consume(tx.get(state.ids[reader.random.nextInt(PRELOADED)]));
      }
    }
  }

  /** Durable commits per second of one small node and a ref move. */
  @Benchmark
  public void immediateSmallCommit(Durable state) {
    Map.Entry<Hash, byte[]> node = state.nextNode.entrySet().iterator().next();
    try (WriteTransaction tx = state.bench.store.beginWrite()) {
      tx.put(node.getKey(), node.getValue());
      tx.setRef("heads/main", tx.ref("heads/main"), node.getKey());
      tx.commit();
    }
  }
}

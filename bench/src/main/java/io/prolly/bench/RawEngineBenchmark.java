package io.prolly.bench;

import io.prolly.spi.Durability;
import io.prolly.spi.Hash;
import java.nio.charset.StandardCharsets;
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
 * The work of {@link NodeStoreBenchmark} done on each backend's engine directly (see
 * {@link RawEngine}), with the same nodes, batch sizes, read pattern and durability, so that each
 * SPI figure has a floor to be divided by. The methods have the same names as there.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RawEngineBenchmark {

  private static final byte[] REF_NAME = "heads/main".getBytes(StandardCharsets.UTF_8);

  /** An engine with {@link NodeStoreBenchmark#PRELOADED} nodes, for reads. */
  @State(Scope.Benchmark)
  public static class Loaded {
    @Param({"file", "lmdb", "rocksdb"})
    public String engine;

    Scratch scratch;
    byte[][] ids;

    @Setup(Level.Trial)
    public void load() {
      scratch = new Scratch(engine, Durability.EVENTUAL);
      ids = new byte[NodeStoreBenchmark.PRELOADED][];
      NodeSource source = new NodeSource(1);
      for (int done = 0; done < NodeStoreBenchmark.PRELOADED; done += NodeStoreBenchmark.BATCH) {
        RawBatch batch = new RawBatch(source.nextBatch(NodeStoreBenchmark.BATCH));
        System.arraycopy(batch.ids, 0, ids, done, batch.ids.length);
        scratch.engine.writeBatch(batch.ids, batch.nodes);
      }
    }

    @TearDown(Level.Trial)
    public void close() {
      scratch.close();
    }
  }

  /** An empty engine and the next batch of new nodes to write to it. */
  @State(Scope.Benchmark)
  public static class Writing {
    @Param({"file", "lmdb", "rocksdb"})
    public String engine;

    Scratch scratch;
    NodeSource source;
    RawBatch nextBatch;

    @Setup(Level.Trial)
    public void open() {
      scratch = new Scratch(engine, Durability.EVENTUAL);
      source = new NodeSource(2);
    }

    @Setup(Level.Invocation)
    public void prepareBatch() {
      nextBatch = new RawBatch(source.nextBatch(NodeStoreBenchmark.BATCH));
    }

    @TearDown(Level.Trial)
    public void close() {
      scratch.close();
    }
  }

  /** An engine with IMMEDIATE durability for one-node commits. */
  @State(Scope.Benchmark)
  public static class Durable {
    @Param({"file", "lmdb", "rocksdb"})
    public String engine;

    Scratch scratch;
    NodeSource source;
    RawBatch nextNode;

    @Setup(Level.Trial)
    public void open() {
      scratch = new Scratch(engine, Durability.IMMEDIATE);
      source = new NodeSource(3);
    }

    @Setup(Level.Invocation)
    public void prepareNode() {
      nextNode = new RawBatch(source.nextBatch(1));
    }

    @TearDown(Level.Trial)
    public void close() {
      scratch.close();
    }
  }

  /** Per-thread random choice of the nodes to read, the same sequence as in {@link NodeStoreBenchmark}. */
  @State(Scope.Thread)
  public static class Reader {
    final SplittableRandom random = new SplittableRandom(4);
  }

  /** Nodes written per second, in committed batches of 1,000 new 4 KiB nodes. */
  @Benchmark
  @OperationsPerInvocation(NodeStoreBenchmark.BATCH)
  public void writeBatchOf1000Nodes(Writing state) {
    state.scratch.engine.writeBatch(state.nextBatch.ids, state.nextBatch.nodes);
  }

  /** Random point reads of existing nodes per second, 100 per read view. */
  @Benchmark
  @OperationsPerInvocation(NodeStoreBenchmark.READS_PER_TRANSACTION)
  public void readExistingNodes(Loaded state, Reader reader, Blackhole sink) {
    try (RawReader view = state.scratch.engine.beginRead()) {
      for (int i = 0; i < NodeStoreBenchmark.READS_PER_TRANSACTION; i++) {
        sink.consume(view.get(state.ids[reader.random.nextInt(NodeStoreBenchmark.PRELOADED)]));
      }
    }
  }

  /** Durable commits per second of one small node and a ref move. */
  @Benchmark
  public void immediateSmallCommit(Durable state) {
    state.scratch.engine.commitNodeAndRef(state.nextNode.ids[0], state.nextNode.nodes[0], REF_NAME);
  }

  /** An engine in a throwaway directory. */
  static final class Scratch implements AutoCloseable {
    final ScratchDirectory directory;
    final RawEngine engine;

    Scratch(String name, Durability durability) {
      directory = new ScratchDirectory("prolly-bench-raw-" + name + "-");
      engine = RawEngine.open(name, directory.path, durability);
    }

    @Override
    public void close() {
      try {
        engine.close();
      } finally {
        directory.close();
      }
    }
  }

  /** Nodes of a {@link NodeSource} batch as the byte arrays an engine takes, made outside the measured code. */
  static final class RawBatch {
    final byte[][] ids;
    final byte[][] nodes;

    RawBatch(Map<Hash, byte[]> batch) {
      ids = new byte[batch.size()][];
      nodes = new byte[batch.size()][];
      int i = 0;
      for (Map.Entry<Hash, byte[]> node : batch.entrySet()) {
        ids[i] = node.getKey().toBytes();
        nodes[i] = node.getValue();
        i++;
      }
    }
  }
}

package io.prolly.bench;

import io.prolly.spi.Durability;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.WriteTransaction;
import io.prolly.tree.Entry;
import io.prolly.tree.Tree;
import io.prolly.tree.TreeConfig;
import io.prolly.tree.TreeWriter;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Bulk build of a million-entry tree from a sorted iterator, against its hashing floor: the
 * SHA-256 work that any content-addressed store of the same entries must do. All three report
 * entries per second, so {@code buildTree / hashEncodedNodes} is the share of the build that is
 * not hashing.
 *
 * <p>Two floors, both hashing prepared contiguous arrays with the JDK's SHA-256 (as
 * {@link Hash#of} does), one digest per node-sized run. {@link #hashEncodedNodes} hashes exactly
 * the nodes the build writes, leaves with their offset tables and the internal nodes: the fair
 * floor, since a content-addressed tree must hash each of its nodes and uses SHA-256 for nothing
 * else. {@link #hashRawEntryBytes} hashes only the key and value bytes, cut into runs of the
 * default target node size: the floor for any node format, which shows what the format's own
 * bytes add to the hashing.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class TreeBuildBenchmark {

  /** The entries, and the nodes a build of them makes. */
  @State(Scope.Benchmark)
  public static class Data {
    TreeData data;
    List<byte[]> nodes;
    byte[] rawBytes;

    @Setup(Level.Trial)
    public void generate() {
      data = TreeData.generate(TreeData.ENTRIES, 1);
      try (BenchStore bench = new BenchStore("memory", Durability.NONE)) {
        try (WriteTransaction tx = bench.store.beginWrite()) {
          new TreeWriter(tx).build(TreeConfig.DEFAULT, data.entries().iterator());
          tx.commit();
        }
        nodes = new ArrayList<>();
        try (ReadTransaction tx = bench.store.beginRead()) {
          tx.forEachNode(id -> nodes.add(tx.get(id)));
        }
      }
      ByteArrayOutputStream raw = new ByteArrayOutputStream(data.size() * (TreeData.KEY_SIZE + TreeData.VALUE_SIZE));
      for (Entry entry : data.entries()) {
        raw.writeBytes(entry.key());
        raw.writeBytes(entry.value());
      }
      rawBytes = raw.toByteArray();
    }
  }

  /** A new, empty memory store for each build, so every build writes every node. */
  @State(Scope.Thread)
  public static class Target {
    BenchStore bench;

    @Setup(Level.Invocation)
    public void open() {
      bench = new BenchStore("memory", Durability.NONE);
    }

    @TearDown(Level.Invocation)
    public void close() {
      bench.close();
    }
  }

  /** Entries per second of a build committed to a memory store. */
  @Benchmark
  @OperationsPerInvocation(TreeData.ENTRIES)
  public Tree buildTree(Data data, Target target) {
    try (WriteTransaction tx = target.bench.store.beginWrite()) {
      Tree tree = new TreeWriter(tx).build(TreeConfig.DEFAULT, data.data.entries().iterator());
      tx.commit();
      return tree;
    }
  }

  /** Entries per second of hashing the nodes of the built tree, one digest per node. */
  @Benchmark
  @OperationsPerInvocation(TreeData.ENTRIES)
  public void hashEncodedNodes(Data data, Blackhole sink) {
    for (byte[] node : data.nodes) {
      sink.consume(Hash.of(node));
    }
  }

  /**
   * Entries per second of hashing the bare key and value bytes, one digest per
   * {@link TreeConfig#targetNodeSize() target node size} of them.
   */
  @Benchmark
  @OperationsPerInvocation(TreeData.ENTRIES)
  public void hashRawEntryBytes(Data data, Blackhole sink) {
    int run = TreeConfig.DEFAULT.targetNodeSize();
    byte[] bytes = data.rawBytes;
    for (int start = 0; start < bytes.length; start += run) {
      sink.consume(Hash.of(bytes, start, Math.min(run, bytes.length - start)));
    }
  }
}

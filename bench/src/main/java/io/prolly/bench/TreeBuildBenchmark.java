package io.prolly.bench;

import io.prolly.spi.Durability;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.WriteTransaction;
import io.prolly.tree.Entry;
import io.prolly.tree.Tree;
import io.prolly.tree.TreeConfig;
import io.prolly.tree.TreeWriter;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
 * <p>Two floors. {@link #hashEncodedNodes} hashes exactly the nodes the build writes (leaves with
 * their offset tables, and the internal nodes): the fair floor, since the tree cannot avoid
 * hashing its own nodes and does nothing else with SHA-256. {@link #hashRawEntryBytes} hashes
 * only the key and value bytes, in leaf-sized runs: the floor for any node format, which shows
 * what the format's own bytes add.
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
   * Entries per second of hashing the bare key and value bytes, one digest per run of at least
   * {@link TreeConfig#DEFAULT the default target node size}.
   */
  @Benchmark
  @OperationsPerInvocation(TreeData.ENTRIES)
  public void hashRawEntryBytes(Data data, Blackhole sink) throws NoSuchAlgorithmException {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    int target = TreeConfig.DEFAULT.targetNodeSize();
    int run = 0;
    for (Entry entry : data.data.entries()) {
      digest.update(entry.key());
      digest.update(entry.value());
      run += entry.key().length + entry.value().length;
      if (run >= target) {
        sink.consume(digest.digest());
        run = 0;
      }
    }
    sink.consume(digest.digest());
  }
}

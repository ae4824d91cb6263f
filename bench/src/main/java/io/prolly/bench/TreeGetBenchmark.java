package io.prolly.bench;

import io.prolly.spi.ReadTransaction;
import io.prolly.tree.Entry;
import io.prolly.tree.Tree;
import io.prolly.tree.TreeReader;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.TreeMap;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Point lookups of random existing keys in a million-entry tree whose nodes are all in a warm
 * {@link io.prolly.tree.NodeCache}, against {@link TreeMap#get} on the same entries. Both pick the
 * key the same way; the tree returns a copy of the value, the map the value itself.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class TreeGetBenchmark {

  /** The entries as a tree, read through one open transaction, and as a {@link TreeMap}. */
  @State(Scope.Benchmark)
  public static class Loaded {
    TreeData data;
    TreeFixture fixture;
    Tree tree;
    ReadTransaction tx;
    TreeReader reader;
    TreeMap<byte[], byte[]> map;

    @Setup(Level.Trial)
    public void load() {
      data = TreeData.generate(TreeData.ENTRIES, 1);
      fixture = new TreeFixture();
      tree = fixture.build(data.entries());
      fixture.warm(tree);
      tx = fixture.bench.store.beginRead();
      reader = new TreeReader(tx, fixture.cache);
      map = new TreeMap<>(Arrays::compareUnsigned);
      for (Entry entry : data.entries()) {
        map.put(entry.key(), entry.value());
      }
    }

    @TearDown(Level.Trial)
    public void close() {
      tx.close();
      fixture.close();
    }
  }

  /** Per-thread random choice of the key to look up. */
  @State(Scope.Thread)
  public static class Picker {
    final SplittableRandom random = new SplittableRandom(4);
  }

  /** Nanoseconds per lookup in the tree. */
  @Benchmark
  public byte[] treeGet(Loaded state, Picker picker) {
    return state.reader.get(state.tree, state.data.key(picker.random.nextInt(TreeData.ENTRIES)));
  }

  /** Nanoseconds per lookup in the {@link TreeMap}. */
  @Benchmark
  public byte[] treeMapGet(Loaded state, Picker picker) {
    return state.map.get(state.data.key(picker.random.nextInt(TreeData.ENTRIES)));
  }
}

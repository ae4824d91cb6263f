package io.prolly.bench;

import io.prolly.Codecs;
import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.Store;
import io.prolly.merge.ConflictResolver;
import io.prolly.merge.MergeResult;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.WriteTransaction;
import io.prolly.tree.Edits;
import io.prolly.tree.Entry;
import io.prolly.tree.Tree;
import io.prolly.tree.TreeMergeResult;
import io.prolly.tree.TreeReader;
import io.prolly.tree.TreeWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A three-way merge of two sides of a million-key base that each changed {@code changes} keys,
 * half of them in key ranges the other side changed too, none the same key ({@link MergeData}):
 * the tree merge alone ({@link TreeWriter#merge}, memory store, warm node cache, the transaction
 * rolled back so the store does not grow), and a whole {@link Repository#merge} of two branches
 * making a merge commit. The cost should follow the changes, not the million keys.
 *
 * <p>The set-up checks the merged tree once, outside the measured code: it must be the tree that
 * applying both sides' edits to the base gives (the same root), and hold the right value for a
 * sample of changed and unchanged keys.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MergeBenchmark {

  /** The base and the two sides as trees, their nodes cached. */
  @State(Scope.Benchmark)
  public static class Trees {

    @Param("1000000")
    public int size;

    @Param({"1000", "10000", "100000"})
    public int changes;

    TreeFixture fixture;
    Tree base;
    Tree ours;
    Tree theirs;

    @Setup(Level.Trial)
    public void load() {
      MergeData data = new MergeData(size, changes);
      fixture = new TreeFixture();
      base = fixture.build(entries(size));
      Edits ourEdits = data.edits(true);
      Edits theirEdits = data.edits(false);
      ours = fixture.apply(base, ourEdits);
      theirs = fixture.apply(base, theirEdits);
      Edits both = data.edits(true);
      for (int position : data.changedPositions(false)) {
        both.put(MergeData.key(position), MergeData.value(position, 2));
      }
      Tree expected = fixture.apply(base, both);
      fixture.warm(base);
      fixture.warm(ours);
      fixture.warm(theirs);
      TreeMergeResult merged = merge();
      check(merged.isClean(), "the merge has conflicts: " + merged.conflicts().size());
      check(merged.tree().equals(expected), "the merged tree " + merged.tree().root()
          + " is not the base with both sides' edits, " + expected.root());
      try (ReadTransaction tx = fixture.bench.store.beginRead()) {
        TreeReader reader = new TreeReader(tx, fixture.cache);
        check(reader.count(merged.tree()) == size, "the merged tree lost or gained keys");
        checkSample(data, index -> reader.get(merged.tree(), MergeData.key(index)));
      }
    }

    /** Merges theirs into ours in a transaction that is rolled back. */
    TreeMergeResult merge() {
      try (WriteTransaction tx = fixture.bench.store.beginWrite()) {
        return new TreeWriter(tx, fixture.cache).merge(base, ours, theirs, ConflictResolver.fail());
      }
    }

    @TearDown(Level.Trial)
    public void close() {
      fixture.close();
    }
  }

  /** Two branches of a repository: {@code side} and {@code main}, each with its commit of changes. */
  @State(Scope.Benchmark)
  public static class Branches {

    @Param("1000000")
    public int size;

    @Param({"1000", "10000", "100000"})
    public int changes;

    Repository repository;
    Hash mainHead;

    @Setup(Level.Trial)
    public void load() {
      MergeData data = new MergeData(size, changes);
      repository = Prolly.inMemory();
      Store<byte[]> main = repository.store("main", Codecs.bytes());
      for (int i = 0; i < size; i++) {
        main.set(keyText(i), MergeData.value(i, 0));
      }
      main.commit("base");
      repository.createBranch("side", "main");
      Store<byte[]> side = repository.store("side", Codecs.bytes());
      for (int position : data.changedPositions(true)) {
        main.set(keyText(position), MergeData.value(position, 1));
      }
      for (int position : data.changedPositions(false)) {
        side.set(keyText(position), MergeData.value(position, 2));
      }
      mainHead = main.commit("ours").id();
      side.commit("theirs");
      MergeResult result = repository.merge("side", "main");
      check(result.kind() == MergeResult.Kind.MERGED, "the merge did not make a merge commit: " + result.kind());
      var merged = repository.snapshot("main", Codecs.bytes());
      check(merged.size() == size, "the merged branch lost or gained keys");
      checkSample(data, index -> merged.get(keyText(index)));
      reset();
    }

    /** Puts main back where it was before the merge. */
    @Setup(Level.Invocation)
    public void reset() {
      repository.reset("main", mainHead.toHex());
    }

    /** Drops the merge commits of the iteration, so that the memory backend's heap does not grow with them. */
    @TearDown(Level.Iteration)
    public void collect() {
      reset();
      repository.maintenance().gc();
    }

    @TearDown(Level.Trial)
    public void close() {
      repository.close();
    }
  }

  /** Milliseconds per three-way tree merge. */
  @Benchmark
  public TreeMergeResult treeMerge(Trees trees) {
    return trees.merge();
  }

  /** Milliseconds per repository merge of {@code side} into {@code main}, the merge commit included. */
  @Benchmark
  public MergeResult repositoryMerge(Branches branches) {
    return branches.repository.merge("side", "main");
  }

  private static Iterator<Entry> entries(int size) {
    return IntStream.range(0, size).mapToObj(i -> new Entry(MergeData.key(i), MergeData.value(i, 0))).iterator();
  }

  private static String keyText(int index) {
    return new String(MergeData.key(index), StandardCharsets.US_ASCII);
  }

  /** Checks every 37th changed key of each side and the key after each of them, which may be unchanged. */
  private static void checkSample(MergeData data, java.util.function.IntFunction<byte[]> lookup) {
    boolean[] changedByUs = new boolean[data.size];
    boolean[] changedByThem = new boolean[data.size];
    for (int position : data.changedPositions(true)) {
      changedByUs[position] = true;
    }
    for (int position : data.changedPositions(false)) {
      changedByThem[position] = true;
    }
    for (boolean side : new boolean[] {true, false}) {
      int[] positions = data.changedPositions(side);
      for (int i = 0; i < positions.length; i += 37) {
        for (int index : new int[] {positions[i], Math.min(positions[i] + 1, data.size - 1)}) {
          int round = changedByUs[index] ? 1 : changedByThem[index] ? 2 : 0;
          check(Arrays.equals(lookup.apply(index), MergeData.value(index, round)),
              "key " + index + " does not have its value of round " + round);
        }
      }
    }
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }
}

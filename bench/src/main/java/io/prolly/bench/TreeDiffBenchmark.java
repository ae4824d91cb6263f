package io.prolly.bench;

import io.prolly.spi.ReadTransaction;
import io.prolly.tree.Change;
import io.prolly.tree.Edits;
import io.prolly.tree.Entry;
import io.prolly.tree.KeyRange;
import io.prolly.tree.Tree;
import io.prolly.tree.TreeReader;
import java.util.Arrays;
import java.util.Iterator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Finding the {@value #CHANGED} differences between two million-entry trees: the structural diff
 * of {@link TreeReader#diff}, which skips shared subtrees, against a full scan that walks both
 * trees side by side and compares every entry (what a diff costs without shared structure). Both
 * read through the same warm cache and return the number of differences they found.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class TreeDiffBenchmark {

  static final int CHANGED = 100;

  /** A tree, the same tree with {@value #CHANGED} values changed, and a reader of both. */
  @State(Scope.Benchmark)
  public static class Trees {
    TreeFixture fixture;
    Tree before;
    Tree after;
    ReadTransaction tx;
    TreeReader reader;

    @Setup(Level.Trial)
    public void load() {
      TreeData data = TreeData.generate(TreeData.ENTRIES, 1);
      fixture = new TreeFixture();
      before = fixture.build(data.entries());
      SplittableRandom random = new SplittableRandom(6);
      Edits edits = new Edits();
      for (int position : data.distinctPositions(CHANGED, random)) {
        edits.put(data.key(position), TreeData.randomValue(random));
      }
      after = fixture.apply(before, edits);
      fixture.warm(before);
      fixture.warm(after);
      tx = fixture.bench.store.beginRead();
      reader = new TreeReader(tx, fixture.cache);
      // Both ways must find every change, or the comparison means nothing.
      int diffed = diff(this, null);
      int scanned = fullScan(this);
      if (diffed != CHANGED || scanned != CHANGED) {
        throw new IllegalStateException("expected " + CHANGED + " differences, the diff found " + diffed
            + " and the scan " + scanned);
      }
    }

    @TearDown(Level.Trial)
    public void close() {
      tx.close();
      fixture.close();
    }
  }

  /** Microseconds per structural diff, all its changes consumed. */
  @Benchmark
  public int structuralDiff(Trees trees, Blackhole sink) {
    return diff(trees, sink);
  }

  /** Microseconds per side-by-side scan of both trees. */
  @Benchmark
  public int scanBothTrees(Trees trees) {
    return fullScan(trees);
  }

  private static int diff(Trees trees, @Nullable Blackhole sink) {
    int changes = 0;
    for (Iterator<Change> diff = trees.reader.diff(trees.before, trees.after); diff.hasNext(); ) {
      Change change = diff.next();
      if (sink != null) {
        sink.consume(change);
      }
      changes++;
    }
    return changes;
  }

  /** Merges the two sorted entry streams and counts the keys whose presence or value differs. */
  private static int fullScan(Trees trees) {
    Iterator<Entry> left = trees.reader.iterator(trees.before, KeyRange.all());
    Iterator<Entry> right = trees.reader.iterator(trees.after, KeyRange.all());
    Entry a = next(left);
    Entry b = next(right);
    int differences = 0;
    while (a != null || b != null) {
      int order = a == null ? 1 : b == null ? -1 : Arrays.compareUnsigned(a.key(), b.key());
      if (order != 0 || !Arrays.equals(a.value(), b.value())) {
        differences++;
      }
      if (order <= 0) {
        a = next(left);
      }
      if (order >= 0) {
        b = next(right);
      }
    }
    return differences;
  }

  private static @Nullable Entry next(Iterator<Entry> entries) {
    return entries.hasNext() ? entries.next() : null;
  }
}

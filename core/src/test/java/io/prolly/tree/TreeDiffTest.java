package io.prolly.tree;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.spi.ReadTransaction;
import io.prolly.tree.TreeModelTest.Edit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Reporter;
import net.jqwik.api.Tuple;

class TreeDiffTest {

  @Property(tries = 60)
  void theDiffOfATreeWithItselfIsEmpty(@ForAll("configs") TreeConfig config, @ForAll("editLists") List<Edit> edits) {
    try (TreeFixture fixture = new TreeFixture()) {
      Tree tree = fixture.apply(Tree.empty(config), TreeModelTest.toEdits(edits, TreeFixture.newModel()));
      assertThat(changes(fixture, tree, tree)).isEmpty();
    }
  }

  @Property(tries = 80)
  void theDiffIsTheModelsDifferenceAndTurnsOneTreeIntoTheOther(@ForAll("configs") TreeConfig config,
      @ForAll("editLists") List<Edit> base, @ForAll("editLists") List<Edit> edits) {
    try (TreeFixture fixture = new TreeFixture()) {
      NavigableMap<byte[], byte[]> before = TreeFixture.newModel();
      Tree a = fixture.apply(Tree.empty(config), TreeModelTest.toEdits(base, before));
      NavigableMap<byte[], byte[]> after = TreeFixture.newModel();
      after.putAll(before);
      Tree b = fixture.apply(a, TreeModelTest.toEdits(edits, after));

      List<Change> diff = changes(fixture, a, b);
      assertThat(diff).containsExactlyElementsOf(modelDiff(before, after));
      assertThat(fixture.apply(a, asEdits(diff)).root()).isEqualTo(b.root());
      assertThat(changes(fixture, b, a)).containsExactlyElementsOf(modelDiff(after, before));
    }
  }

  @Property(tries = 80)
  void theRangeDiffIsTheModelDiffRestrictedToTheRange(@ForAll("configs") TreeConfig config,
      @ForAll("editLists") List<Edit> base, @ForAll("editLists") List<Edit> edits, @ForAll("ranges") KeyRange range) {
    try (TreeFixture fixture = new TreeFixture()) {
      NavigableMap<byte[], byte[]> before = TreeFixture.newModel();
      Tree a = fixture.apply(Tree.empty(config), TreeModelTest.toEdits(base, before));
      NavigableMap<byte[], byte[]> after = TreeFixture.newModel();
      after.putAll(before);
      Tree b = fixture.apply(a, TreeModelTest.toEdits(edits, after));

      List<Change> expected = modelDiff(before, after).stream().filter(change -> range.contains(change.key())).toList();
      List<Change> diff = fixture.read(reader -> TreeModelTest.changes(reader.diff(a, b, range)));
      assertThat(diff).containsExactlyElementsOf(expected);
    }
  }

  /**
   * Skipping to a key, then reading a change or two, again and again, gives what reading the whole
   * diff and dropping the changes before each key gives: a skip never loses a change at or after
   * its key, never shows one before it, and a key behind the diff's position changes nothing.
   */
  @Property(tries = 80)
  void skippingToAKeyGivesTheChangesFromThatKeyOn(@ForAll("configs") TreeConfig config,
      @ForAll("editLists") List<Edit> base, @ForAll("editLists") List<Edit> edits,
      @ForAll("skips") List<Tuple.Tuple2<byte[], Integer>> skips) {
    try (TreeFixture fixture = new TreeFixture()) {
      Tree a = fixture.apply(Tree.empty(config), TreeModelTest.toEdits(base, TreeFixture.newModel()));
      Tree b = fixture.apply(a, TreeModelTest.toEdits(edits, TreeFixture.newModel()));
      List<String> all = fixture.readNodes(loader -> {
        List<String> changes = new ArrayList<>();
        new TreeDiff(loader, a.root(), b.root(), KeyRange.all()).forEachRemaining(change -> changes.add(show(change)));
        return changes;
      });
      List<byte[]> allKeys = fixture.readNodes(loader -> {
        List<byte[]> keys = new ArrayList<>();
        new TreeDiff(loader, a.root(), b.root(), KeyRange.all()).forEachRemaining(change -> keys.add(change.key()));
        return keys;
      });
      List<String> expected = new ArrayList<>();
      int position = 0;
      for (Tuple.Tuple2<byte[], Integer> skip : skips) {
        while (position < allKeys.size() && Arrays.compareUnsigned(allKeys.get(position), skip.get1()) < 0) {
          position++;
        }
        for (int i = 0; i < skip.get2() && position < all.size(); i++) {
          expected.add(all.get(position++));
        }
      }
      expected.addAll(all.subList(position, all.size()));
      List<String> skipped = fixture.readNodes(loader -> {
        List<String> changes = new ArrayList<>();
        TreeDiff diff = new TreeDiff(loader, a.root(), b.root(), KeyRange.all());
        for (Tuple.Tuple2<byte[], Integer> skip : skips) {
          diff.skipTo(skip.get1());
          StoredChange peeked = diff.peek();
          if (peeked != null) {
            assertThat(Arrays.compareUnsigned(peeked.key(), skip.get1())).isGreaterThanOrEqualTo(0);
          }
          for (int i = 0; i < skip.get2() && diff.hasNext(); i++) {
            changes.add(show(diff.next()));
          }
        }
        diff.forEachRemaining(change -> changes.add(show(change)));
        return changes;
      });
      assertThat(skipped).containsExactlyElementsOf(expected);
    }
  }

  private static String show(StoredChange change) {
    return Keys.toString(change.key()) + ": " + Arrays.toString(change.oldValue()) + " -> "
        + Arrays.toString(change.newValue());
  }

  /** Keys to skip to, mostly increasing but some behind, each with how many changes to read after it. */
  @Provide
  Arbitrary<List<Tuple.Tuple2<byte[], Integer>>> skips() {
    Arbitrary<byte[]> keys = Arbitraries.integers().between(0, 800).map(n -> ("k" + n).getBytes());
    return Combinators.combine(keys, Arbitraries.integers().between(0, 3)).as(Tuple::of).list().ofMaxSize(40)
        .map(list -> {
          List<Tuple.Tuple2<byte[], Integer>> sorted = new ArrayList<>(list);
          sorted.sort((x, y) -> Arrays.compareUnsigned(x.get1(), y.get1()));
          // A few keys out of order, behind the diff's position.
          for (int i = 3; i < sorted.size(); i += 7) {
            sorted.set(i, Tuple.of(sorted.get(i - 3).get1(), sorted.get(i).get2()));
          }
          return sorted;
        });
  }

  @Example
  void aRangeDiffReadsOnlyTheNodesNearItsChanges(Reporter reporter) {
    Random random = new Random(8);
    NavigableMap<byte[], byte[]> model = TreeFixture.newModel();
    for (int i = 0; i < 100_000; i++) {
      model.put(key(i), Arrays.copyOf(Integer.toString(i).getBytes(), 8));
    }
    try (TreeFixture fixture = new TreeFixture()) {
      Tree a = fixture.build(TreeFixture.SMALL, model);
      Edits edits = new Edits();
      for (int i = 0; i < 500; i++) {
        edits.put(key(random.nextInt(100_000)), "changed".getBytes());
      }
      Tree b = fixture.apply(a, edits);
      int height = TreeShape.of(fixture, a).height();
      KeyRange range = KeyRange.between(key(40_000), key(41_000));
      try (ReadTransaction tx = fixture.store.beginRead()) {
        CountingReadTransaction all = new CountingReadTransaction(tx);
        int changes = TreeModelTest.changes(new TreeReader(all).diff(a, b)).size();
        CountingReadTransaction inRange = new CountingReadTransaction(tx);
        int changesInRange = TreeModelTest.changes(new TreeReader(inRange).diff(a, b, range)).size();
        reporter.publishValue("nodes read for all " + changes + " changes / for the " + changesInRange + " in 1% of "
            + "the keys", all.reads() + " / " + inRange.reads());
        assertThat(changesInRange).isBetween(1, 15);
        // Each change costs a path per side; the range's two edges cost one more path each.
        assertThat(inRange.reads()).isLessThanOrEqualTo(2 * height * (changesInRange + 2));
      }
    }
  }

  private static byte[] key(int i) {
    return String.format("item/%08d", i).getBytes();
  }

  @Example
  void aHundredChangesInALargeTreeReadFewNodes(Reporter reporter) {
    Random random = new Random(5);
    NavigableMap<byte[], byte[]> model = TreeFixture.newModel();
    for (int i = 0; i < 250_000; i++) {
      model.put(String.format("item/%08d", i).getBytes(), Arrays.copyOf(Integer.toString(i).getBytes(), 8));
    }
    try (TreeFixture fixture = new TreeFixture()) {
      Tree a = fixture.build(TreeFixture.SMALL, model);
      Edits edits = new Edits();
      for (int i = 0; i < 100; i++) {
        int n = random.nextInt(300_000);
        byte[] key = String.format("item/%08d", n).getBytes();
        if (n % 3 == 0) {
          edits.delete(key);
        } else {
          edits.put(key, "changed".getBytes());
        }
      }
      Tree b = fixture.apply(a, edits);
      int nodes = TreeShape.of(fixture, a).levels.stream().mapToInt(List::size).sum();
      try (ReadTransaction tx = fixture.store.beginRead()) {
        CountingReadTransaction counting = new CountingReadTransaction(tx);
        List<Change> diff = new ArrayList<>();
        new TreeReader(counting).diff(a, b).forEachRemaining(diff::add);
        assertThat(diff).hasSizeBetween(60, 100);
        reporter.publishValue("diff of " + diff.size() + " changes in a tree of " + nodes + " nodes read",
            counting.reads() + " nodes");
        assertThat(counting.reads()).isLessThan(nodes / 20);
      }
    }
  }

  static List<Change> changes(TreeFixture fixture, Tree from, Tree to) {
    return fixture.read(reader -> {
      List<Change> changes = new ArrayList<>();
      reader.diff(from, to).forEachRemaining(changes::add);
      return changes;
    });
  }

  static List<Change> modelDiff(NavigableMap<byte[], byte[]> before, NavigableMap<byte[], byte[]> after) {
    TreeSet<byte[]> keys = new TreeSet<>(Arrays::compareUnsigned);
    keys.addAll(before.keySet());
    keys.addAll(after.keySet());
    List<Change> changes = new ArrayList<>();
    for (byte[] key : keys) {
      byte[] old = before.get(key);
      byte[] now = after.get(key);
      if (!Arrays.equals(old, now)) {
        changes.add(new Change(key, old, now));
      }
    }
    return changes;
  }

  static Edits asEdits(List<Change> changes) {
    Edits edits = new Edits();
    for (Change change : changes) {
      if (change.newValue() == null) {
        edits.delete(change.key());
      } else {
        edits.put(change.key(), change.newValue());
      }
    }
    return edits;
  }

  @Provide
  Arbitrary<TreeConfig> configs() {
    return Arbitraries.of(TreeFixture.TINY, TreeFixture.SMALL, TreeConfig.DEFAULT);
  }

  /** Ranges between keys of the edits' key space, either end possibly open. */
  @Provide
  Arbitrary<KeyRange> ranges() {
    Arbitrary<byte[]> bounds = Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.integers().between(0, 800).map(n -> ("k" + n).getBytes())),
        Tuple.of(1, Arbitraries.of(new byte[0], new byte[] {(byte) 0x80}, new byte[] {(byte) 0xFF})),
        Tuple.of(2, Arbitraries.just(null)));
    return Combinators.combine(bounds, bounds).as((x, y) -> {
      boolean ordered = x == null || y == null || Arrays.compareUnsigned(x, y) <= 0;
      return ordered ? new KeyRange(x, y) : new KeyRange(y, x);
    });
  }

  @Provide
  Arbitrary<List<Edit>> editLists() {
    return TreeModelTest.editLists(800, 500);
  }
}

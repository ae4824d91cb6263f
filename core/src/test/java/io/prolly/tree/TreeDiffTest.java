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
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Reporter;

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

  @Provide
  Arbitrary<List<Edit>> editLists() {
    return TreeModelTest.editLists(800, 500);
  }
}

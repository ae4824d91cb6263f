package io.prolly.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.jspecify.annotations.Nullable;

/**
 * After random sequences of edit batches, every read of the tree agrees with a
 * {@link java.util.TreeMap} that received the same edits.
 */
class TreeModelTest {

  /** One put (value not null) or delete. */
  record Edit(byte[] key, byte @Nullable [] value) {
    @Override
    public String toString() {
      return Keys.toString(key) + (value == null ? " deleted" : " = " + value.length + " bytes");
    }
  }

  @Property(tries = 60)
  void readsAgreeWithTheModelAfterEveryBatch(@ForAll("configs") TreeConfig config,
      @ForAll("batches") List<List<Edit>> batches, @ForAll("caches") NodeCache cache) {
    try (TreeFixture fixture = new TreeFixture(cache)) {
      Tree tree = Tree.empty(config);
      NavigableMap<byte[], byte[]> model = TreeFixture.newModel();
      checkAgainstModel(fixture, tree, model);
      for (List<Edit> batch : batches) {
        tree = fixture.apply(tree, toEdits(batch, model));
        checkAgainstModel(fixture, tree, model);
      }
    }
  }

  @Property(tries = 5)
  void readsAgreeWithTheModelOnDeepTrees(@ForAll("largeBatches") List<List<Edit>> batches) {
    try (TreeFixture fixture = new TreeFixture()) {
      Tree tree = Tree.empty(TreeFixture.TINY);
      NavigableMap<byte[], byte[]> model = TreeFixture.newModel();
      for (List<Edit> batch : batches) {
        tree = fixture.apply(tree, toEdits(batch, model));
      }
      TreeShape shape = TreeShape.of(fixture, tree);
      assertThat(shape.height()).as("a deep tree: %s", shape).isGreaterThanOrEqualTo(4);
      shape.checkNodeSizes(TreeFixture.TINY);
      checkAgainstModel(fixture, tree, model);
    }
  }

  // Without edge cases, which here are mostly empty batches: those have their own properties above.
  @Property(tries = 20, edgeCases = EdgeCasesMode.NONE)
  void readsAgreeWithTheModelWithLargeValuesAndTheRootWithABuild(@ForAll("configs") TreeConfig config,
      @ForAll("mixedBatches") List<List<Edit>> batches) {
    try (TreeFixture fixture = new TreeFixture(NodeCache.create(1024 * 1024, true))) {
      Tree tree = Tree.empty(config);
      NavigableMap<byte[], byte[]> model = TreeFixture.newModel();
      for (List<Edit> batch : batches) {
        tree = fixture.apply(tree, toEdits(batch, model));
        checkAgainstModel(fixture, tree, model);
      }
      assertThat(fixture.build(config, model).root()).isEqualTo(tree.root());
      boolean blobs = model.values().stream().anyMatch(value -> value.length > config.maxInlineValueSize());
      Statistics.label("tree holds blobs").collect(blobs);
      Statistics.label("tree holds blobs").coverage(checker -> checker.check(true).percentage(p -> p >= 30));
    }
  }

  @Example
  void anEmptyTreeNeedsNothingInTheStore() {
    try (TreeFixture fixture = new TreeFixture()) {
      Tree empty = Tree.empty(TreeConfig.DEFAULT);
      assertThat(empty.isEmpty()).isTrue();
      checkAgainstModel(fixture, empty, TreeFixture.newModel());
      assertThatThrownBy(() -> fixture.read(reader -> reader.select(empty, 0)))
          .isInstanceOf(IndexOutOfBoundsException.class);
    }
  }

  @Example
  void deletingEveryEntryGivesTheEmptyTree() {
    try (TreeFixture fixture = new TreeFixture()) {
      Edits puts = new Edits();
      Edits deletes = new Edits();
      for (int i = 0; i < 2000; i++) {
        byte[] key = ("key-" + i).getBytes();
        puts.put(key, key);
        deletes.delete(key);
      }
      Tree full = fixture.apply(Tree.empty(TreeFixture.TINY), puts);
      long count = fixture.read(reader -> reader.count(full));
      assertThat(count).isEqualTo(2000);
      assertThat(fixture.apply(full, deletes)).isEqualTo(Tree.empty(TreeFixture.TINY));
    }
  }

  static Edits toEdits(List<Edit> batch, NavigableMap<byte[], byte[]> model) {
    Edits edits = new Edits();
    for (Edit edit : batch) {
      if (edit.value() == null) {
        edits.delete(edit.key());
        model.remove(edit.key());
      } else {
        edits.put(edit.key(), edit.value());
        model.put(edit.key(), edit.value());
      }
    }
    return edits;
  }

  static void checkAgainstModel(TreeFixture fixture, Tree tree, NavigableMap<byte[], byte[]> model) {
    fixture.read(reader -> {
      assertThat(reader.count(tree)).isEqualTo(model.size());
      assertThat(entries(reader.iterator(tree, KeyRange.all()))).containsExactlyElementsOf(entries(model));
      assertThat(entries(reader.descendingIterator(tree, KeyRange.all())))
          .containsExactlyElementsOf(entries(model.descendingMap()));
      List<byte[]> probes = probes(model);
      for (byte[] probe : probes) {
        assertThat(reader.get(tree, probe)).isEqualTo(model.get(probe));
        assertThat(reader.rank(tree, probe)).isEqualTo(model.headMap(probe, false).size());
      }
      List<Entry> expected = entries(model);
      int step = Math.max(1, expected.size() / 300);
      for (int index = 0; index < expected.size(); index += step) {
        assertThat(reader.select(tree, index)).isEqualTo(expected.get(index));
      }
      // Range scans cost up to the whole tree each: a few dozen cover the cases.
      int rangeStep = Math.max(3, probes.size() / 12);
      for (int i = 0; i + 1 < probes.size(); i += rangeStep) {
        byte[] a = probes.get(i);
        byte[] b = probes.get(i + 1);
        byte[] from = Arrays.compareUnsigned(a, b) <= 0 ? a : b;
        byte[] to = from == a ? b : a;
        checkRange(reader, tree, KeyRange.between(from, to), model.subMap(from, true, to, false));
        checkRange(reader, tree, KeyRange.atLeast(from), model.tailMap(from, true));
        checkRange(reader, tree, KeyRange.below(to), model.headMap(to, false));
        byte[] prefix = Arrays.copyOf(from, Math.min(from.length, 1));
        KeyRange byPrefix = KeyRange.prefix(prefix);
        NavigableMap<byte[], byte[]> withPrefix = TreeFixture.newModel();
        model.forEach((key, value) -> {
          if (key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length)) {
            withPrefix.put(key, value);
          }
        });
        checkRange(reader, tree, byPrefix, withPrefix);
      }
      return null;
    });
  }

  private static void checkRange(TreeReader reader, Tree tree, KeyRange range, NavigableMap<byte[], byte[]> expected) {
    assertThat(entries(reader.iterator(tree, range))).as("entries in %s", range)
        .containsExactlyElementsOf(entries(expected));
    assertThat(entries(reader.descendingIterator(tree, range))).as("entries in %s, descending", range)
        .containsExactlyElementsOf(entries(expected.descendingMap()));
    assertThat(reader.count(tree, range)).as("count of %s", range).isEqualTo(expected.size());
  }

  /** The model's keys, plus keys just around them and beyond both ends. */
  private static List<byte[]> probes(NavigableMap<byte[], byte[]> model) {
    List<byte[]> probes = new ArrayList<>();
    probes.add(new byte[0]);
    probes.add(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
    int step = Math.max(1, model.size() / 100);
    int i = 0;
    for (byte[] key : model.keySet()) {
      if (i++ % step == 0) {
        probes.add(key);
        probes.add(Arrays.copyOf(key, key.length + 1));
        if (key.length > 0) {
          probes.add(Arrays.copyOf(key, key.length - 1));
        }
      }
    }
    return probes;
  }

  static List<Entry> entries(Iterator<Entry> iterator) {
    List<Entry> entries = new ArrayList<>();
    iterator.forEachRemaining(entries::add);
    return entries;
  }

  static List<Change> changes(Iterator<Change> iterator) {
    List<Change> changes = new ArrayList<>();
    iterator.forEachRemaining(changes::add);
    return changes;
  }

  static List<Entry> entries(NavigableMap<byte[], byte[]> model) {
    List<Entry> entries = new ArrayList<>();
    model.forEach((key, value) -> entries.add(new Entry(key, value)));
    return entries;
  }

  /** No cache, a verifying cache too small for the tree, and a large one, fresh for each try. */
  @Provide
  Arbitrary<NodeCache> caches() {
    return Arbitraries.of(0L, 8 * 1024L, 64 * 1024 * 1024L).map(size -> NodeCache.create(size, size > 0));
  }

  @Provide
  Arbitrary<TreeConfig> configs() {
    return Arbitraries.of(TreeFixture.TINY, TreeFixture.SMALL, TreeConfig.DEFAULT);
  }

  @Provide
  Arbitrary<List<List<Edit>>> batches() {
    return editLists(400, 200).list().ofMaxSize(6);
  }

  @Provide
  Arbitrary<List<List<Edit>>> mixedBatches() {
    return edits(Arbitraries.integers().between(0, 150), mixedValues()).list().ofMaxSize(60)
        .withSizeDistribution(RandomDistribution.uniform()).list().ofMinSize(1).ofMaxSize(4);
  }

  @Provide
  Arbitrary<List<List<Edit>>> largeBatches() {
    return edits(Arbitraries.integers().between(0, 5000)).list().ofMinSize(500).ofMaxSize(2500)
        .withSizeDistribution(RandomDistribution.uniform()).list().ofMinSize(1).ofMaxSize(4);
  }

  /**
   * Lists of edits of keys {@code 0..keySpace}, of sizes spread evenly up to {@code maxSize}: the
   * default distribution favours short lists, which make shallow trees.
   */
  static Arbitrary<List<Edit>> editLists(int keySpace, int maxSize) {
    return edits(Arbitraries.integers().between(0, keySpace)).list().ofMaxSize(maxSize)
        .withSizeDistribution(RandomDistribution.uniform());
  }

  /** Keys from a bounded space, so that batches overwrite and delete keys that exist. */
  static Arbitrary<Edit> edits(Arbitrary<Integer> keyNumbers) {
    return edits(keyNumbers, Arbitraries.bytes().array(byte[].class).ofMaxSize(40));
  }

  /**
   * Values of every storage: mostly small, some of the lengths around the inline limits of the
   * test configs, and some large ones made of a few random runs with a changed byte, so that they
   * share chunks with each other.
   */
  static Arbitrary<byte[]> mixedValues() {
    Arbitrary<byte[]> small = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
    Arbitrary<byte[]> nearLimits = Combinators.combine(
        Arbitraries.of(63, 64, 65, 255, 256, 257, 4095, 4096, 4097), Arbitraries.longs())
        .as(BlobChunkerTest::randomBytes);
    Arbitrary<byte[]> large = Combinators.combine(Arbitraries.integers().between(0, 2),
        Arbitraries.integers().between(5_000, 80_000), Arbitraries.integers().between(0, 79_999), Arbitraries.bytes())
        .as((run, length, at, changed) -> {
          byte[] value = BlobChunkerTest.randomBytes(length, run);
          value[at % length] = changed;
          return value;
        });
    return Arbitraries.frequencyOf(Tuple.of(5, small), Tuple.of(2, nearLimits), Tuple.of(2, large));
  }

  static Arbitrary<Edit> edits(Arbitrary<Integer> keyNumbers, Arbitrary<byte[]> values) {
    // Short keys over the bytes where signed and unsigned order disagree, many of them prefixes
    // of others, and the empty key, next to the numbered keys that fill the trees.
    Arbitrary<byte[]> awkward = Arbitraries.of((byte) 0x00, (byte) 0x01, (byte) 0x7F, (byte) 0x80, (byte) 0xFF)
        .array(byte[].class).ofMaxSize(4);
    Arbitrary<byte[]> keys = Arbitraries.frequencyOf(
        Tuple.of(9, keyNumbers.map(n -> ("k" + n).getBytes())), Tuple.of(1, awkward));
    Arbitrary<byte @Nullable []> valueOrDelete = Arbitraries.frequencyOf(
        Tuple.of(3, values), Tuple.of(1, Arbitraries.just(null)));
    return Combinators.combine(keys, valueOrDelete).as(Edit::new);
  }
}

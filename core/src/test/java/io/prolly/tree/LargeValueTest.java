package io.prolly.tree;

import io.prolly.merge.Conflict;
import io.prolly.merge.ConflictResolver;
import static io.prolly.tree.BlobChunkerTest.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.error.CorruptNodeException;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.function.Function;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Reporter;
import net.jqwik.api.constraints.IntRange;

/** Values over the inline limit are stored as chunked blobs and read back as they were written. */
class LargeValueTest {

  private static final int MIB = 1024 * 1024;
  private static final byte[] BIG = "big".getBytes();

  @Example
  void valuesAroundTheInlineLimitRoundTripThroughEveryRead() {
    for (TreeConfig config : List.of(TreeFixture.SMALL, TreeConfig.DEFAULT)) {
      int limit = config.maxInlineValueSize();
      for (int length : List.of(0, limit - 1, limit, limit + 1, 4095, 4096, 4097, 200_000)) {
        checkRoundTrip(config, randomBytes(length, length));
      }
    }
  }

  @Example
  void tenMiBValuesRoundTripThroughEveryRead() {
    checkRoundTrip(TreeConfig.DEFAULT, randomBytes(10 * MIB, 10));
    byte[] text = new byte[10 * MIB + 7];
    for (int i = 0; i < text.length; i++) {
      text[i] = (byte) ('a' + i % 23 + i / 100_000 % 3);
    }
    checkRoundTrip(TreeConfig.DEFAULT, text);
  }

  @Property(tries = 30)
  void aStreamSkipsToAnyOffsetReadingOnlyTheChunkThere(@ForAll @IntRange(min = 0, max = 3 * MIB) int offset,
      @ForAll @IntRange(min = 0, max = 5000) int length) throws IOException {
    byte[] value = randomBytes(3 * MIB, 12);
    try (TreeFixture fixture = new TreeFixture()) {
      Tree tree = fixture.apply(Tree.empty(TreeConfig.DEFAULT), new Edits().put(BIG, value));
      try (ReadTransaction tx = fixture.store.beginRead()) {
        CountingReadTransaction counting = new CountingReadTransaction(tx);
        InputStream in = new TreeReader(counting).openValue(tree, BIG);
        int readsToOpen = counting.reads();
        assertThat(in.skip(offset)).isEqualTo(offset);
        byte[] slice = in.readNBytes(length);
        int end = Math.min(value.length, offset + length);
        assertThat(slice).isEqualTo(Arrays.copyOfRange(value, offset, end));
        // Under the root of about 170 chunks, the one or two index nodes the slice falls in, and
        // the chunks it spans: at most three, since chunks hold over 4 KiB. Reading up to the
        // offset instead would take up to 170.
        assertThat(counting.reads() - readsToOpen).isLessThanOrEqualTo(2 + 3);
        assertThat(in.skip(value.length)).isEqualTo(value.length - end);
        assertThat(in.read()).isEqualTo(-1);
      }
    }
  }

  @Example
  void identicalLargeValuesAreStoredOnce() {
    byte[] value = randomBytes(2 * MIB, 1);
    try (TreeFixture one = new TreeFixture(); TreeFixture two = new TreeFixture()) {
      one.apply(Tree.empty(TreeConfig.DEFAULT), new Edits().put("a".getBytes(), value));
      two.apply(Tree.empty(TreeConfig.DEFAULT), new Edits().put("a".getBytes(), value).put("b".getBytes(), value));
      assertThat(two.nodeCount()).as("two keys of the same value, each tree a single leaf")
          .isEqualTo(one.nodeCount());

      long before = two.nodeCount();
      two.apply(Tree.empty(TreeFixture.SMALL), new Edits().put("c".getBytes(), value));
      assertThat(two.nodeCount() - before).as("the same value in a tree of another config").isEqualTo(1);

      before = two.nodeCount();
      two.apply(Tree.empty(TreeConfig.DEFAULT), new Edits().put("zeros".getBytes(), new byte[10 * MIB]));
      // 160 equal chunks of 64 KiB are one node; the index above them a few more.
      assertThat(two.nodeCount() - before).as("new nodes for 10 MiB of zeros").isLessThanOrEqualTo(5);
    }
  }

  @Example
  void aSmallEditInATenMiBValueStoresOnlyAFewNewNodes(Reporter reporter) {
    byte[] value = randomBytes(10 * MIB, 3);
    try (TreeFixture fixture = new TreeFixture()) {
      Tree tree = fixture.apply(Tree.empty(TreeConfig.DEFAULT), new Edits().put(BIG, value));
      int chunks = BlobChunkerTest.ends(value).size();
      long indexNodes = fixture.reachableNodes(tree).size() - chunks - 1;
      reporter.publishValue("a 10 MiB value", chunks + " chunks, " + indexNodes + " index nodes");
      assertThat(chunks).isBetween(400, 800);

      byte[] flipped = value.clone();
      flipped[5 * MIB] ^= 1;
      long flipCost = newNodes(fixture, tree, flipped);
      byte[] inserted = new byte[value.length + 10];
      System.arraycopy(value, 0, inserted, 0, 5 * MIB);
      System.arraycopy(value, 5 * MIB, inserted, 5 * MIB + 10, value.length - 5 * MIB);
      long insertCost = newNodes(fixture, tree, inserted);
      reporter.publishValue("new nodes for a one-byte change / a 10-byte insertion in the middle",
          flipCost + " / " + insertCost);
      // A chunk or two, one index node per index level, and the leaf.
      assertThat(flipCost).isLessThanOrEqualTo(6);
      assertThat(insertCost).isLessThanOrEqualTo(6);
    }
  }

  @Example
  void equalLargeValuesAreComparedWithoutReadingThem() {
    NavigableMap<byte[], byte[]> model = TreeFixture.newModel();
    for (int i = 0; i < 3000; i++) {
      model.put(String.format("key-%05d", i).getBytes(), ("value-" + i).getBytes());
    }
    model.put(BIG, randomBytes(4 * MIB, 4));
    try (TreeFixture fixture = new TreeFixture()) {
      Tree a = fixture.build(TreeFixture.SMALL, model);
      Tree b = fixture.apply(a, new Edits().put("key-01500".getBytes(), "changed".getBytes()));
      int height = TreeShape.of(fixture, a).height();
      try (ReadTransaction tx = fixture.store.beginRead()) {
        CountingReadTransaction counting = new CountingReadTransaction(tx);
        List<Change> diff = TreeModelTest.changes(new TreeReader(counting).diff(a, b));
        assertThat(diff).containsExactly(
            new Change("key-01500".getBytes(), "value-1500".getBytes(), "changed".getBytes()));
        // The paths to the change on both sides, give or take a neighbour where a boundary moved;
        // reading the big value would take over 200 more.
        assertThat(counting.reads()).as("nodes read, in trees of height %d", height)
            .isLessThanOrEqualTo(2 * height + 2);
      }
    }
  }

  @Example
  void mergesCompareLargeValuesByReferenceAndShowThemInConflicts() {
    byte[] base = randomBytes(MIB, 5);
    byte[] ours = base.clone();
    ours[1000] ^= 1;
    byte[] theirs = base.clone();
    theirs[MIB - 1000] ^= 1;
    try (TreeFixture fixture = new TreeFixture()) {
      Tree baseTree = fixture.apply(Tree.empty(TreeConfig.DEFAULT), new Edits().put(BIG, base));
      Tree ourTree = fixture.apply(baseTree, new Edits().put(BIG, ours).put("x".getBytes(), new byte[1]));
      Tree sameChange = fixture.apply(baseTree, new Edits().put(BIG, ours));
      Tree theirTree = fixture.apply(baseTree, new Edits().put(BIG, theirs));

      TreeMergeResult agreed = fixture.write(writer -> writer.merge(baseTree, ourTree, sameChange,
          ConflictResolver.fail()));
      assertThat(agreed.isClean()).isTrue();
      assertThat(agreed.tree()).isEqualTo(ourTree);

      TreeMergeResult refused = fixture.write(writer -> writer.merge(baseTree, ourTree, theirTree,
          ConflictResolver.fail()));
      assertThat(refused.conflicts()).containsExactly(new Conflict(BIG, base, ours, theirs));

      TreeMergeResult resolved = fixture.write(writer -> writer.merge(baseTree, ourTree, theirTree,
          ConflictResolver.theirs()));
      assertThat(resolved.isClean()).isTrue();
      byte[] merged = fixture.read(reader -> reader.get(resolved.tree(), BIG));
      byte[] ourOther = fixture.read(reader -> reader.get(resolved.tree(), "x".getBytes()));
      assertThat(merged).isEqualTo(theirs);
      assertThat(ourOther).isEqualTo(new byte[1]);
    }
  }

  @Example
  void treesWithOtherInlineLimitsDiffAndMergeByValue() {
    byte[] medium = randomBytes(1000, 9); // a blob in SMALL trees, inline in DEFAULT ones
    byte[] other = randomBytes(1000, 10);
    try (TreeFixture fixture = new TreeFixture()) {
      Tree small = fixture.apply(Tree.empty(TreeFixture.SMALL), new Edits().put(BIG, medium));
      Tree inline = fixture.apply(Tree.empty(TreeConfig.DEFAULT), new Edits().put(BIG, medium));
      assertThat(small.root()).isNotEqualTo(inline.root());
      List<Change> diff = fixture.read(reader -> TreeModelTest.changes(reader.diff(small, inline)));
      assertThat(diff).isEmpty();

      Tree theirs = fixture.apply(inline, new Edits().put(BIG, other).put("x".getBytes(), medium));
      TreeMergeResult merged = fixture.write(writer -> writer.merge(small, small, theirs, ConflictResolver.fail()));
      assertThat(merged.isClean()).isTrue();
      NavigableMap<byte[], byte[]> expected = TreeFixture.newModel();
      expected.put(BIG, other);
      expected.put("x".getBytes(), medium);
      // Their values take the form our config gives them, so the result is what a build makes.
      assertThat(merged.tree()).isEqualTo(fixture.build(TreeFixture.SMALL, expected));
    }
  }

  @Example
  void everyNodeOfATreeIsReachableFromItsRootThroughTheNodeBytesAlone() {
    NavigableMap<byte[], byte[]> model = TreeFixture.newModel();
    for (int i = 0; i < 3000; i++) {
      int length = i % 150 == 0 ? 20_000 + 1000 * i : 10;
      model.put(String.format("key-%05d", i).getBytes(), randomBytes(length, i % 600));
    }
    try (TreeFixture fixture = new TreeFixture()) {
      Tree tree = fixture.build(TreeFixture.SMALL, model);
      Set<Hash> stored = new HashSet<>();
      try (ReadTransaction tx = fixture.store.beginRead()) {
        tx.forEachNode(stored::add);
      }
      assertThat(fixture.reachableNodes(tree)).isEqualTo(stored);
    }
  }

  @Property(tries = 25)
  void aDamagedBlobNodeGivesCorruptNodeExceptionWhenVerifying(@ForAll @IntRange(min = 0, max = 1000) int which,
      @ForAll @IntRange(min = 0, max = 100_000) int position, @ForAll @IntRange(min = 1, max = 255) int flip,
      @ForAll boolean cached) {
    try (TreeFixture fixture = new TreeFixture()) {
      Tree tree = fixture.apply(Tree.empty(TreeConfig.DEFAULT),
          new Edits().put(BIG, randomBytes(400_000, 6)).put("small".getBytes(), new byte[3]));
      List<Hash> blobNodes = new ArrayList<>(fixture.reachableNodes(tree));
      blobNodes.remove(tree.root());
      blobNodes.sort(null);
      Hash damaged = blobNodes.get(which % blobNodes.size());
      byte[] bytes = rawNode(fixture, damaged);
      bytes[position % bytes.length] ^= (byte) flip;
      try (TreeFixture copy = fixture.copyReplacing(damaged, bytes, NodeCache.create(cached ? MIB : 0, true))) {
        for (Function<TreeReader, Object> read : reads(tree)) {
          assertThatThrownBy(() -> copy.read(read)).isInstanceOf(CorruptNodeException.class)
              .hasMessageContaining(damaged.toHex());
        }
      }
    }
  }

  @Example
  void aBlobNodeOfTheWrongLengthOrKindIsCorruptEvenWithoutVerification() {
    try (TreeFixture fixture = new TreeFixture()) {
      Tree tree = fixture.apply(Tree.empty(TreeConfig.DEFAULT), new Edits().put(BIG, randomBytes(400_000, 7)));
      List<Hash> blobNodes = new ArrayList<>(fixture.reachableNodes(tree));
      blobNodes.remove(tree.root());
      for (Hash id : blobNodes) {
        byte[] bytes = rawNode(fixture, id);
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 1);
        for (byte[] replacement : List.of(truncated, NodeFormat.EMPTY_LEAF)) {
          try (TreeFixture copy = fixture.copyReplacing(id, replacement, NodeCache.none())) {
            assertThatThrownBy(() -> copy.read(reader -> reader.get(tree, BIG)))
                .isInstanceOf(CorruptNodeException.class);
          }
        }
      }
    }
  }

  /** Every way to read a value, each of which must see a damaged blob. */
  private static List<Function<TreeReader, Object>> reads(Tree tree) {
    return List.of(
        reader -> reader.get(tree, BIG),
        reader -> readAll(reader.openValue(tree, BIG)),
        reader -> TreeModelTest.entries(reader.iterator(tree, KeyRange.all())),
        reader -> TreeModelTest.changes(reader.diff(Tree.empty(tree.config()), tree)));
  }

  /** Stores a new value under {@link #BIG} and returns the number of nodes that adds to the store. */
  private static long newNodes(TreeFixture fixture, Tree tree, byte[] value) {
    long before = fixture.nodeCount();
    fixture.apply(tree, new Edits().put(BIG, value));
    return fixture.nodeCount() - before;
  }

  private static byte[] rawNode(TreeFixture fixture, Hash id) {
    try (ReadTransaction tx = fixture.store.beginRead()) {
      return tx.get(id).clone();
    }
  }

  private static void checkRoundTrip(TreeConfig config, byte[] value) {
    NavigableMap<byte[], byte[]> model = TreeFixture.newModel();
    model.put("a".getBytes(), "before".getBytes());
    model.put(BIG, value);
    model.put("z".getBytes(), "after".getBytes());
    byte[] changed = Arrays.copyOf(value, value.length + 1);
    try (TreeFixture fixture = new TreeFixture()) {
      Tree empty = Tree.empty(config);
      Tree tree = fixture.apply(empty, TreeDiffTest.asEdits(TreeDiffTest.modelDiff(TreeFixture.newModel(), model)));
      Tree other = fixture.apply(tree, new Edits().put(BIG, changed));
      String what = value.length + " bytes with " + config;
      assertThat(fixture.build(config, model).root()).as(what).isEqualTo(tree.root());
      fixture.read(reader -> {
        assertThat(reader.get(tree, BIG)).as(what).isEqualTo(value);
        assertThat(readAll(reader.openValue(tree, BIG))).as(what).isEqualTo(value);
        assertThat(reader.openValue(tree, "absent".getBytes())).isNull();
        assertThat(reader.select(tree, 1)).isEqualTo(new Entry(BIG, value));
        assertThat(TreeModelTest.entries(reader.iterator(tree, KeyRange.all())))
            .containsExactlyElementsOf(TreeModelTest.entries(model));
        assertThat(TreeModelTest.changes(reader.diff(empty, tree)))
            .containsExactlyElementsOf(TreeDiffTest.modelDiff(TreeFixture.newModel(), model));
        assertThat(TreeModelTest.changes(reader.diff(tree, other))).containsExactly(new Change(BIG, value, changed));
        assertThat(TreeModelTest.changes(reader.diff(tree, empty, KeyRange.prefix(BIG))))
            .containsExactly(new Change(BIG, value, null));
        return null;
      });
    }
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      byte[] head = new byte[Math.min(3, in.available())];
      for (int i = 0; i < head.length; i++) {
        head[i] = (byte) in.read();
      }
      byte[] rest = in.readAllBytes();
      byte[] all = Arrays.copyOf(head, head.length + rest.length);
      System.arraycopy(rest, 0, all, head.length, rest.length);
      assertThat(in.read()).as("end of stream").isEqualTo(-1);
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

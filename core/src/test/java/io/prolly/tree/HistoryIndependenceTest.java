package io.prolly.tree;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.tree.TreeModelTest.Edit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.constraints.IntRange;

/**
 * The same entries give the same root, whatever edits in whatever batches led to them, and
 * whether the tree was edited or built in one go.
 */
class HistoryIndependenceTest {

  @Property(tries = 60)
  void anySplitOfTheSameEditsIntoBatchesGivesTheSameRoot(@ForAll("configs") TreeConfig config,
      @ForAll("editLists") List<Edit> edits, @ForAll long seed) {
    try (TreeFixture fixture = new TreeFixture()) {
      NavigableMap<byte[], byte[]> model = TreeFixture.newModel();
      Tree oneBatch = fixture.apply(Tree.empty(config), TreeModelTest.toEdits(edits, model));
      Tree manyBatches = applyInRandomBatches(fixture, Tree.empty(config), edits, new Random(seed));
      Tree built = fixture.build(config, model);
      assertThat(manyBatches.root()).isEqualTo(oneBatch.root());
      assertThat(built.root()).isEqualTo(oneBatch.root());
      TreeShape.of(fixture, built).checkNodeSizes(config);
    }
  }

  @Property(tries = 30)
  void largeValuesKeepTheRootIndependentOfTheEdits(@ForAll("configs") TreeConfig config,
      @ForAll("mixedEditLists") List<Edit> edits, @ForAll long seed) {
    try (TreeFixture fixture = new TreeFixture()) {
      NavigableMap<byte[], byte[]> model = TreeFixture.newModel();
      Tree oneBatch = fixture.apply(Tree.empty(config), TreeModelTest.toEdits(edits, model));
      Tree manyBatches = applyInRandomBatches(fixture, Tree.empty(config), edits, new Random(seed));
      List<Edit> distinct = new ArrayList<>();
      model.forEach((key, value) -> distinct.add(new Edit(key, value)));
      Collections.shuffle(distinct, new Random(seed));
      Tree shuffled = applyInRandomBatches(fixture, Tree.empty(config), distinct, new Random(~seed));
      assertThat(manyBatches.root()).isEqualTo(oneBatch.root());
      assertThat(shuffled.root()).isEqualTo(oneBatch.root());
      assertThat(fixture.build(config, model).root()).isEqualTo(oneBatch.root());
    }
  }

  @Property(tries = 30)
  void insertingTheSameEntriesInAnyOrderGivesTheSameRoot(@ForAll("configs") TreeConfig config,
      @ForAll @IntRange(min = 0, max = 1500) int size, @ForAll long seed) {
    Random random = new Random(seed);
    List<Edit> puts = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      byte[] value = new byte[random.nextInt(30)];
      random.nextBytes(value);
      puts.add(new Edit(("key/" + random.nextInt(1_000_000)).getBytes(), value));
    }
    try (TreeFixture fixture = new TreeFixture()) {
      NavigableMap<byte[], byte[]> model = TreeFixture.newModel();
      TreeModelTest.toEdits(puts, model);
      // Distinct keys only, so that the order of puts does not decide the values.
      List<Edit> distinct = new ArrayList<>();
      model.forEach((key, value) -> distinct.add(new Edit(key, value)));
      Collections.shuffle(distinct, random);
      Tree shuffled = applyInRandomBatches(fixture, Tree.empty(config), distinct, random);
      assertThat(shuffled.root()).isEqualTo(fixture.build(config, model).root());
    }
  }

  @Property(tries = 30)
  void addingAndRemovingEntriesComesBackToTheSameRoot(@ForAll("configs") TreeConfig config,
      @ForAll("editLists") List<Edit> base, @ForAll("editLists") List<Edit> detour, @ForAll long seed) {
    try (TreeFixture fixture = new TreeFixture()) {
      NavigableMap<byte[], byte[]> model = TreeFixture.newModel();
      Tree start = fixture.apply(Tree.empty(config), TreeModelTest.toEdits(base, model));
      Tree away = applyInRandomBatches(fixture, start, detour, new Random(seed));
      Edits back = new Edits();
      for (Edit edit : detour) {
        byte[] original = model.get(edit.key());
        if (original == null) {
          back.delete(edit.key());
        } else {
          back.put(edit.key(), original);
        }
      }
      assertThat(fixture.apply(away, back).root()).isEqualTo(start.root());
    }
  }

  @Example
  void thousandsOfEntriesEditedAtRandomMatchABuildOnDeepTrees() {
    Random random = new Random(7);
    for (TreeConfig config : List.of(TreeFixture.TINY, TreeFixture.SMALL, TreeConfig.DEFAULT)) {
      int size = config == TreeConfig.DEFAULT ? 30_000 : 5_000;
      try (TreeFixture fixture = new TreeFixture()) {
        NavigableMap<byte[], byte[]> model = TreeFixture.newModel();
        Tree tree = Tree.empty(config);
        for (int round = 0; round < 6; round++) {
          List<Edit> batch = new ArrayList<>();
          int batchSize = round == 0 ? size : 1 + random.nextInt(size / 10);
          for (int i = 0; i < batchSize; i++) {
            byte[] key = String.format("user/%08d", random.nextInt(2 * size)).getBytes();
            byte[] value = new byte[20 + random.nextInt(40)];
            random.nextBytes(value);
            batch.add(new Edit(key, round > 0 && random.nextInt(3) == 0 ? null : value));
          }
          tree = fixture.apply(tree, TreeModelTest.toEdits(batch, model));
          Tree built = fixture.build(config, model);
          assertThat(tree.root()).as("round %d with %s", round, config).isEqualTo(built.root());
        }
        TreeShape shape = TreeShape.of(fixture, tree);
        assertThat(shape.height()).as("height with %s: %s", config, shape).isGreaterThanOrEqualTo(3);
        shape.checkNodeSizes(config);
        TreeModelTest.checkAgainstModel(fixture, tree, model);
      }
    }
  }

  static Tree applyInRandomBatches(TreeFixture fixture, Tree tree, List<Edit> edits, Random random) {
    NavigableMap<byte[], byte[]> ignored = TreeFixture.newModel();
    int start = 0;
    while (start < edits.size()) {
      int end = Math.min(edits.size(), start + 1 + random.nextInt(Math.max(1, edits.size() / 3)));
      tree = fixture.apply(tree, TreeModelTest.toEdits(edits.subList(start, end), ignored));
      start = end;
    }
    return tree;
  }

  @Provide
  Arbitrary<TreeConfig> configs() {
    return Arbitraries.of(TreeFixture.TINY, TreeFixture.SMALL, TreeConfig.DEFAULT);
  }

  @Provide
  Arbitrary<List<Edit>> mixedEditLists() {
    return TreeModelTest.edits(Arbitraries.integers().between(0, 300), TreeModelTest.mixedValues()).list()
        .ofMaxSize(150).withSizeDistribution(RandomDistribution.uniform());
  }

  @Provide
  Arbitrary<List<Edit>> editLists() {
    return TreeModelTest.editLists(600, 400);
  }
}

package io.prolly.tree;

import io.prolly.merge.Conflict;
import io.prolly.merge.ConflictResolver;
import io.prolly.merge.Resolution;
import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.tree.TreeModelTest.Edit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeSet;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import org.jspecify.annotations.Nullable;

class TreeMergeTest {

  /** Three related trees and the models they hold. */
  private static final class Sides {
    final NavigableMap<byte[], byte[]> base = TreeFixture.newModel();
    final NavigableMap<byte[], byte[]> ours = TreeFixture.newModel();
    final NavigableMap<byte[], byte[]> theirs = TreeFixture.newModel();
    final Tree baseTree;
    final Tree ourTree;
    final Tree theirTree;

    Sides(TreeFixture fixture, TreeConfig config, List<Edit> baseEdits, List<Edit> ourEdits, List<Edit> theirEdits) {
      baseTree = fixture.apply(Tree.empty(config), TreeModelTest.toEdits(baseEdits, base));
      ours.putAll(base);
      theirs.putAll(base);
      ourTree = fixture.apply(baseTree, TreeModelTest.toEdits(ourEdits, ours));
      theirTree = fixture.apply(baseTree, TreeModelTest.toEdits(theirEdits, theirs));
    }
  }

  @Property(tries = 40)
  void mergingWithAnUnchangedSideGivesTheOtherSide(@ForAll("configs") TreeConfig config,
      @ForAll("editLists") List<Edit> base, @ForAll("editLists") List<Edit> edits) {
    try (TreeFixture fixture = new TreeFixture()) {
      Sides sides = new Sides(fixture, config, base, edits, List.of());
      Tree b = sides.baseTree;
      Tree x = sides.ourTree;
      assertThat(merge(fixture, b, x, b, ConflictResolver.fail())).isEqualTo(x);
      assertThat(merge(fixture, b, b, x, ConflictResolver.fail())).isEqualTo(x);
      assertThat(merge(fixture, b, x, x, ConflictResolver.fail())).isEqualTo(x);
    }
  }

  @Property(tries = 80)
  @StatisticsReport(onFailureOnly = true)
  void theMergeIsTheModelsThreeWayMerge(@ForAll("configs") TreeConfig config, @ForAll("editLists") List<Edit> base,
      @ForAll("editLists") List<Edit> ours, @ForAll("editLists") List<Edit> theirs,
      @ForAll("resolvers") ConflictResolver resolver) {
    List<Conflict> conflicts = checkModelMerge(config, base, ours, theirs, resolver);
    Statistics.label("outcome").collect(conflicts.isEmpty() ? "merged" : "conflicts refused");
    Statistics.label("outcome").coverage(checker -> {
      checker.check("merged").count(count -> count >= 10);
      checker.check("conflicts refused").count(count -> count >= 5);
    });
  }

  @Property(tries = 25)
  void theMergeOfLargeValuesIsTheModelsThreeWayMerge(@ForAll("configs") TreeConfig config,
      @ForAll("mixedEditLists") List<Edit> base, @ForAll("mixedEditLists") List<Edit> ours,
      @ForAll("mixedEditLists") List<Edit> theirs, @ForAll("resolvers") ConflictResolver resolver) {
    checkModelMerge(config, base, ours, theirs, resolver);
  }

  /**
   * Our side changed many keys, in runs, and theirs a few: the merge walks our diff only near
   * their changes, skipping the subtrees of our runs between them, and must still find every key
   * both sides changed.
   */
  @Property(tries = 40)
  void manyChangesOfOursAndFewOfTheirsMergeAsTheModel(@ForAll("configs") TreeConfig config,
      @ForAll("runsOfEdits") List<Edit> ours, @ForAll("fewEdits") List<Edit> theirs,
      @ForAll("resolvers") ConflictResolver resolver) {
    List<Edit> base = new ArrayList<>();
    for (int i = 0; i < 2000; i += 3) {
      base.add(new Edit(("k" + i).getBytes(), ("base " + i).getBytes()));
    }
    checkModelMerge(config, base, ours, theirs, resolver);
  }

  /** Runs of up to 200 consecutive keys of {@code k0..k1999}, put or deleted. */
  @Provide
  Arbitrary<List<Edit>> runsOfEdits() {
    Arbitrary<List<Edit>> run = Arbitraries.integers().between(0, 1999).flatMap(start ->
        Arbitraries.integers().between(1, 200).flatMap(length -> Arbitraries.integers().between(0, 9).map(seed -> {
          List<Edit> edits = new ArrayList<>();
          for (int i = start; i < Math.min(2000, start + length); i++) {
            edits.add(new Edit(("k" + i).getBytes(), (i + seed) % 10 == 0 ? null : ("ours " + i).getBytes()));
          }
          return edits;
        })));
    return run.list().ofMinSize(1).ofMaxSize(6).map(runs -> runs.stream().flatMap(List::stream).toList());
  }

  /** A few edits of {@code k0..k1999}. */
  @Provide
  Arbitrary<List<Edit>> fewEdits() {
    return TreeModelTest.editLists(1999, 12);
  }

  /** Checks a tree merge against the model's, and returns the conflicts left unresolved. */
  private static List<Conflict> checkModelMerge(TreeConfig config, List<Edit> base, List<Edit> ours,
      List<Edit> theirs, ConflictResolver resolver) {
    try (TreeFixture fixture = new TreeFixture()) {
      Sides sides = new Sides(fixture, config, base, ours, theirs);
      List<Conflict> conflicts = new ArrayList<>();
      NavigableMap<byte[], byte[]> expected = modelMerge(sides, conflict -> {
        Resolution resolution = resolver.resolve(conflict);
        if (!resolution.isResolved()) {
          conflicts.add(conflict);
        }
        return resolution;
      });
      TreeMergeResult merged = fixture.write(writer -> writer.merge(sides.baseTree, sides.ourTree, sides.theirTree,
          resolver));
      assertThat(merged.conflicts()).containsExactlyElementsOf(conflicts);
      assertThat(merged.isClean()).isEqualTo(conflicts.isEmpty());
      assertThat(merged.tree().root()).isEqualTo(fixture.build(config, expected).root());
      return conflicts;
    }
  }

  @Property(tries = 40)
  void swappingTheSidesAndTheResolverGivesTheSameTree(@ForAll("configs") TreeConfig config,
      @ForAll("editLists") List<Edit> base, @ForAll("editLists") List<Edit> ours,
      @ForAll("editLists") List<Edit> theirs) {
    try (TreeFixture fixture = new TreeFixture()) {
      Sides sides = new Sides(fixture, config, base, ours, theirs);
      Tree oursWins = merge(fixture, sides.baseTree, sides.ourTree, sides.theirTree, ConflictResolver.ours());
      Tree swapped = merge(fixture, sides.baseTree, sides.theirTree, sides.ourTree, ConflictResolver.theirs());
      assertThat(swapped.root()).isEqualTo(oursWins.root());
    }
  }

  @Example
  void conflictsNameTheKeyAndAllThreeValues() {
    try (TreeFixture fixture = new TreeFixture()) {
      byte[] key = "k".getBytes();
      Tree base = fixture.apply(Tree.empty(TreeConfig.DEFAULT), new Edits().put(key, "b".getBytes()));
      Tree ours = fixture.apply(base, new Edits().put(key, "o".getBytes()));
      Tree theirs = fixture.apply(base, new Edits().delete(key));
      TreeMergeResult merged = fixture.write(writer -> writer.merge(base, ours, theirs, ConflictResolver.fail()));
      assertThat(merged.conflicts()).containsExactly(new Conflict(key, "b".getBytes(), "o".getBytes(), null));
      assertThat(merged.conflicts().get(0)).hasToString("\"k\" (base \"b\", ours \"o\", theirs absent)");
      assertThat(merged.tree()).isEqualTo(ours);
    }
  }

  private static Tree merge(TreeFixture fixture, Tree base, Tree ours, Tree theirs, ConflictResolver resolver) {
    return fixture.write(writer -> writer.merge(base, ours, theirs, resolver)).tree();
  }

  private static NavigableMap<byte[], byte[]> modelMerge(Sides sides, Function<Conflict, Resolution> resolver) {
    TreeSet<byte[]> keys = new TreeSet<>(Arrays::compareUnsigned);
    keys.addAll(sides.base.keySet());
    keys.addAll(sides.ours.keySet());
    keys.addAll(sides.theirs.keySet());
    NavigableMap<byte[], byte[]> merged = TreeFixture.newModel();
    for (byte[] key : keys) {
      byte[] b = sides.base.get(key);
      byte[] o = sides.ours.get(key);
      byte[] t = sides.theirs.get(key);
      byte @Nullable [] result;
      if (Arrays.equals(o, t) || Arrays.equals(t, b)) {
        result = o;
      } else if (Arrays.equals(o, b)) {
        result = t;
      } else {
        Resolution resolution = resolver.apply(new Conflict(key, b, o, t));
        result = resolution.isResolved() ? resolution.resolvedValue() : o; // unresolved keys keep ours
      }
      if (result != null) {
        merged.put(key, result);
      }
    }
    return merged;
  }

  @Provide
  Arbitrary<ConflictResolver> resolvers() {
    ConflictResolver concatenate = conflict -> conflict.ours() == null || conflict.theirs() == null
        ? Resolution.remove()
        : Resolution.value(concat(conflict.ours(), conflict.theirs()));
    return Arbitraries.of(ConflictResolver.fail(), ConflictResolver.ours(), ConflictResolver.theirs(), concatenate);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  @Provide
  Arbitrary<TreeConfig> configs() {
    return Arbitraries.of(TreeFixture.TINY, TreeFixture.SMALL, TreeConfig.DEFAULT);
  }

  @Provide
  Arbitrary<List<Edit>> mixedEditLists() {
    return TreeModelTest.edits(Arbitraries.integers().between(0, 60), TreeModelTest.mixedValues()).list()
        .ofMaxSize(40);
  }

  @Provide
  Arbitrary<List<Edit>> editLists() {
    return TreeModelTest.editLists(300, 150);
  }
}

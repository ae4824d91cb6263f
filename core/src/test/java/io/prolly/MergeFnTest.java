package io.prolly;

import io.prolly.merge.MergeFn;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class MergeFnTest {

  @Property
  void theCounterAddsBothSidesIncrements(@ForAll long base, @ForAll int ourDelta, @ForAll int theirDelta) {
    assertThat(MergeFn.counter().merge(base, base + ourDelta, base + theirDelta))
        .isEqualTo(base + ourDelta + theirDelta);
  }

  @Example
  void theCounterCountsAnAbsentValueAsZero() {
    assertThat(MergeFn.counter().merge(null, 3L, 4L)).isEqualTo(7L);
    assertThat(MergeFn.counter().merge(5L, null, 7L)).as("we removed it: -5, they added 2").isEqualTo(2L);
  }

  @Property
  void theSetMergeKeepsEveryAdditionAndEveryRemoval(@ForAll @Size(max = 8) Set<Integer> base,
      @ForAll @Size(max = 4) Set<Integer> weAdd, @ForAll @Size(max = 4) Set<Integer> theyAdd,
      @ForAll @Size(max = 4) Set<Integer> weRemove, @ForAll @Size(max = 4) Set<Integer> theyRemove) {
    Set<Integer> ours = new LinkedHashSet<>(base);
    ours.removeAll(weRemove);
    ours.addAll(weAdd);
    Set<Integer> theirs = new LinkedHashSet<>(base);
    theirs.removeAll(theyRemove);
    theirs.addAll(theyAdd);
    Set<Integer> merged = MergeFn.<Integer>setUnion().merge(base, ours, theirs);
    Set<Integer> expected = new HashSet<>();
    for (Integer element : union(base, ours, theirs)) {
      boolean removed = (base.contains(element) && !ours.contains(element))
          || (base.contains(element) && !theirs.contains(element));
      if ((ours.contains(element) || theirs.contains(element)) && !removed) {
        expected.add(element);
      }
    }
    assertThat(merged).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Example
  void withoutRemovalsTheSetMergeIsTheUnion() {
    assertThat(MergeFn.<String>setUnion().merge(Set.of("a"), Set.of("a", "b"), Set.of("a", "c")))
        .containsExactlyInAnyOrder("a", "b", "c");
    assertThat(MergeFn.<String>setUnion().merge(null, Set.of("b"), null)).containsExactly("b");
  }

  @Example
  void maxOursAndTheirsPickTheirSide() {
    assertThat(MergeFn.<Long>max().merge(1L, 5L, 3L)).isEqualTo(5L);
    assertThat(MergeFn.<Long>max().merge(1L, null, 3L)).isEqualTo(3L);
    assertThat(MergeFn.<String>ours().merge("b", "o", "t")).isEqualTo("o");
    assertThat(MergeFn.<String>ours().merge("b", null, "t")).isNull();
    assertThat(MergeFn.<String>theirs().merge("b", "o", "t")).isEqualTo("t");
  }

  private static Set<Integer> union(Set<Integer> a, Set<Integer> b, Set<Integer> c) {
    Set<Integer> all = new HashSet<>(a);
    all.addAll(b);
    all.addAll(c);
    return all;
  }
}

package io.prolly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.CommitInfo;
import io.prolly.spi.Hash;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The lanes of {@code log --graph} open at a merge and join where the lines of history meet. */
class LogGraphTest {

  private static CommitInfo commit(String name, String... parents) {
    List<Hash> parentIds = new ArrayList<>();
    for (String parent : parents) {
      parentIds.add(id(parent));
    }
    return new CommitInfo(id(name), parentIds, "test", name, Instant.EPOCH, new TreeMap<>());
  }

  private static Hash id(String name) {
    return Hash.of(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void a_merge_opens_a_lane_that_joins_at_the_common_ancestor() {
    LogGraph graph = new LogGraph();
    // merge(m) of a and b, both children of base
    assertThat(graph.next(commit("m", "a", "b"))).isEqualTo("* ");
    assertThat(graph.next(commit("a", "base"))).isEqualTo("* | ");
    assertThat(graph.next(commit("b", "base"))).isEqualTo("| * ");
    assertThat(graph.next(commit("base"))).isEqualTo("* / ");
    assertThat(graph.next(commit("unrelated"))).isEqualTo("* ");
  }

  @Test
  void a_straight_history_is_one_lane() {
    LogGraph graph = new LogGraph();
    assertThat(graph.next(commit("c", "b"))).isEqualTo("* ");
    assertThat(graph.next(commit("b", "a"))).isEqualTo("* ");
    assertThat(graph.next(commit("a"))).isEqualTo("* ");
  }
}

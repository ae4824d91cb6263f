package io.prolly.commit;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CommitGraphTest {

  @Test
  void logIsNewestFirstEachCommitOnceAcrossMerges() {
    try (History history = new History()) {
      Hash a = history.commit("a");
      Hash b = history.commit("b", a);
      Hash c = history.commit("c", a);
      Hash d = history.commit("d", b);
      Hash merge = history.commit("merge", d, c);
      try (ReadTransaction tx = history.read()) {
        List<Hash> log = new CommitGraph(CommitSource.of(tx)).log(List.of(merge))
            .map(LogEntry::id).collect(Collectors.toList());
        assertThat(log).containsExactly(merge, d, c, b, a);
      }
    }
  }

  @Test
  void logIsLazyTakingAPageReadsLittleMoreThanThePage() {
    try (History history = new History()) {
      Hash head = history.commit("0");
      for (int i = 1; i < 1_000; i++) {
        head = history.commit(Integer.toString(i), head);
      }
      try (ReadTransaction tx = history.read()) {
        AtomicInteger reads = new AtomicInteger();
        CommitSource counting = id -> {
          reads.incrementAndGet();
          return CommitSource.of(tx).read(id);
        };
        List<String> page = new CommitGraph(counting).log(List.of(head)).skip(10).limit(10)
            .map(entry -> entry.commit().message()).collect(Collectors.toList());
        assertThat(page).containsExactly("989", "988", "987", "986", "985", "984", "983", "982", "981", "980");
        assertThat(reads.get()).as("commits read for the second page of ten").isLessThanOrEqualTo(21);
      }
    }
  }

  @Test
  void firstParentAncestorsAndAncestry() {
    try (History history = new History()) {
      Hash a = history.commit("a");
      Hash b = history.commit("b", a);
      Hash side = history.commit("side", a);
      Hash merge = history.commit("merge", b, side);
      try (ReadTransaction tx = history.read()) {
        CommitGraph graph = new CommitGraph(CommitSource.of(tx));
        assertThat(graph.firstParentAncestor(merge, 0)).isEqualTo(merge);
        assertThat(graph.firstParentAncestor(merge, 1)).isEqualTo(b);
        assertThat(graph.firstParentAncestor(merge, 2)).isEqualTo(a);
        assertThat(graph.firstParentAncestor(merge, 3)).isNull();
        assertThat(graph.isAncestor(side, merge)).isTrue();
        assertThat(graph.isAncestor(merge, merge)).isTrue();
        assertThat(graph.isAncestor(b, side)).isFalse();
      }
    }
  }

  @Test
  void mergeBaseOfDivergedBranchesIsWhereTheySplit() {
    try (History history = new History()) {
      Hash root = history.commit("root");
      Hash split = history.commit("split", root);
      Hash ours = history.commit("ours 2", history.commit("ours 1", split));
      Hash theirs = history.commit("theirs", split);
      try (ReadTransaction tx = history.read()) {
        CommitGraph graph = new CommitGraph(CommitSource.of(tx));
        assertThat(graph.mergeBases(ours, theirs)).containsExactly(split);
        assertThat(graph.mergeBases(theirs, ours)).containsExactly(split);
        assertThat(graph.mergeBases(ours, split)).as("fast-forward case").containsExactly(split);
        assertThat(graph.mergeBases(ours, ours)).containsExactly(ours);
      }
    }
  }

  @Test
  void crissCrossMergesHaveTwoBestBasesAndUnrelatedHistoriesNone() {
    try (History history = new History()) {
      Hash root = history.commit("root");
      Hash x = history.commit("x", root);
      Hash y = history.commit("y", root);
      Hash left = history.commit("left", x, y);
      Hash right = history.commit("right", y, x);
      Hash lonely = history.commit("unrelated");
      try (ReadTransaction tx = history.read()) {
        CommitGraph graph = new CommitGraph(CommitSource.of(tx));
        assertThat(graph.mergeBases(left, right)).containsExactlyInAnyOrder(x, y);
        assertThat(graph.mergeBases(left, lonely)).isEmpty();
      }
    }
  }
}

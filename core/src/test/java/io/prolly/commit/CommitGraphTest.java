package io.prolly.commit;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
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
      Hash head = history.line(1_000);
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

  @Test
  void askingWhetherANewCommitIsAnAncestorOfAnOldOneReadsOnlyTheCommitsBetween() {
    try (History history = new History()) {
      Hash old = history.line(1_000);
      Hash newer = history.commit("new 2", history.commit("new 1", old));
      try (ReadTransaction tx = history.read()) {
        AtomicInteger reads = new AtomicInteger();
        CommitSource counting = id -> {
          reads.incrementAndGet();
          return CommitSource.of(tx).read(id);
        };
        CommitGraph graph = new CommitGraph(counting);
        assertThat(graph.isAncestor(newer, old)).isFalse();
        assertThat(reads.get()).as("commits read to tell that the newer one is not below the old one")
            .isLessThanOrEqualTo(6);
        reads.set(0);
        assertThat(graph.isAncestor(old, newer)).isTrue();
        assertThat(reads.get()).as("commits read to find the old one below the newer one").isLessThanOrEqualTo(6);
      }
    }
  }

  @Test
  void ancestryAgreesWithTheWholeWalkOnRandomHistories() {
    Random random = new Random(16);
    for (int round = 0; round < 20; round++) {
      try (History history = new History()) {
        List<Hash> commits = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
          Set<Hash> parents = new LinkedHashSet<>();
          int count = commits.isEmpty() ? 0 : random.nextInt(3);
          for (int p = 0; p < count; p++) {
            parents.add(commits.get(random.nextInt(commits.size())));
          }
          commits.add(history.commit(round + "/" + i, parents.toArray(Hash[]::new)));
        }
        try (ReadTransaction tx = history.read()) {
          CommitGraph graph = new CommitGraph(CommitSource.of(tx));
          for (Hash descendant : commits) {
            Set<Hash> below = graph.ancestors(List.of(descendant), Set.of());
            for (Hash ancestor : commits) {
              assertThat(graph.isAncestor(ancestor, descendant)).as("is %s below %s", ancestor, descendant)
                  .isEqualTo(below.contains(ancestor));
            }
          }
        }
      }
    }
  }

  @Test
  void aCommitBeyondAShallowBoundaryIsNoAncestor() {
    try (History history = new History()) {
      Hash a = history.commit("a");
      Hash b = history.commit("b", a);
      Hash c = history.commit("c", b);
      try (ReadTransaction tx = history.read()) {
        CommitGraph shallow = new CommitGraph(CommitSource.of(tx), a::equals);
        assertThat(shallow.isAncestor(a, c)).isFalse();
        assertThat(shallow.isAncestor(b, c)).isTrue();
        assertThat(shallow.isAncestor(c, b)).isFalse();
        assertThat(shallow.isAncestor(Hash.of(new byte[] {1}), c)).as("not a commit of the store").isFalse();
      }
    }
  }
}

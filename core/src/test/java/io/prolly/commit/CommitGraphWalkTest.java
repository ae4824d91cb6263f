package io.prolly.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.error.CorruptNodeException;
import io.prolly.error.PartialRepositoryException;
import io.prolly.spi.Hash;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The walks that end early (ancestry, merge bases, what a receiver lacks) against the same answers
 * read off the whole history, on random histories with sane and with skewed clocks; and how little
 * of a long history they read.
 */
class CommitGraphWalkTest {

  /** A random history: commit i has parents among the commits before it, branches and merges. */
  private static final class RandomHistory {
    final Map<Hash, Commit> commits = new HashMap<>();
    final List<Hash> ids = new ArrayList<>();

    RandomHistory(long seed, int size, boolean skewedClock) {
      Random random = new Random(seed);
      long clock = 1_000_000;
      for (int i = 0; i < size; i++) {
        List<Hash> parents = new ArrayList<>();
        if (i > 0 && random.nextInt(20) != 0) {
          // Mostly a recent commit, so lines of history form; sometimes an old one: a branch point.
          parents.add(ids.get(random.nextInt(4) == 0 ? random.nextInt(i) : Math.max(0, i - 1 - random.nextInt(3))));
          if (random.nextInt(4) == 0) {
            Hash other = ids.get(random.nextInt(i));
            if (!parents.contains(other)) {
              parents.add(other);
            }
          }
        }
        // Commits often share a millisecond; a skewed clock also runs backwards now and then.
        clock += skewedClock && random.nextInt(3) == 0 ? -random.nextInt(50) : random.nextInt(3);
        Commit commit = new Commit(Hash.of(("root" + i).getBytes()), parents, "ada", "commit " + i,
            Instant.ofEpochMilli(clock), new TreeMap<>());
        Hash id = Hash.of(commit.encode());
        commits.put(id, commit);
        ids.add(id);
      }
    }

    Hash pick(Random random) {
      return ids.get(random.nextInt(ids.size()));
    }

    Set<Hash> ancestors(Hash start) {
      Set<Hash> seen = new HashSet<>(List.of(start));
      Deque<Hash> todo = new ArrayDeque<>(seen);
      while (!todo.isEmpty()) {
        for (Hash parent : commits.get(todo.poll()).parents()) {
          if (seen.add(parent)) {
            todo.add(parent);
          }
        }
      }
      return seen;
    }

    List<Hash> bestCommonAncestors(Hash a, Hash b) {
      Set<Hash> common = ancestors(a);
      common.retainAll(ancestors(b));
      Set<Hash> below = new HashSet<>();
      for (Hash id : common) {
        Set<Hash> strictlyBelow = ancestors(id);
        strictlyBelow.remove(id);
        below.addAll(strictlyBelow);
      }
      return common.stream().filter(id -> !below.contains(id)).sorted().collect(Collectors.toList());
    }
  }

  @Property(tries = 300)
  void ancestryAndMergeBasesAreExactWhateverTheClock(@ForAll long seed, @ForAll @IntRange(min = 1, max = 120) int size,
      @ForAll boolean skewedClock) {
    RandomHistory history = new RandomHistory(seed, size, skewedClock);
    CommitGraph graph = new CommitGraph(history.commits::get);
    Random random = new Random(seed ^ 0x5DEECE66DL);
    for (int i = 0; i < 10; i++) {
      Hash a = history.pick(random);
      Hash b = history.pick(random);
      assertThat(graph.isAncestor(a, b)).as("is %s an ancestor of %s", a, b).isEqualTo(history.ancestors(b).contains(a));
      assertThat(graph.mergeBases(a, b)).as("merge bases of %s and %s", a, b)
          .isEqualTo(history.bestCommonAncestors(a, b));
    }
  }

  @Property(tries = 300)
  void theDifferenceIsNeverShortAndExactWithASaneClock(@ForAll long seed, @ForAll @IntRange(min = 1, max = 120) int size,
      @ForAll boolean skewedClock) {
    RandomHistory history = new RandomHistory(seed, size, skewedClock);
    CommitGraph graph = new CommitGraph(history.commits::get);
    Random random = new Random(seed ^ 0x2545F4914F6CDD1DL);
    for (int i = 0; i < 10; i++) {
      List<Hash> heads = List.of(history.pick(random), history.pick(random));
      List<Hash> receiverHeads = random.nextBoolean() ? List.of(history.pick(random)) : List.of();
      Set<Hash> receiverHas = new HashSet<>();
      receiverHeads.forEach(id -> receiverHas.addAll(history.ancestors(id)));
      Set<Hash> lacking = new HashSet<>();
      heads.forEach(id -> lacking.addAll(history.ancestors(id)));
      lacking.removeAll(receiverHas);

      HistoryDifference difference = graph.difference(heads, receiverHeads);
      assertThat(difference.commits()).doesNotHaveDuplicates().containsAll(lacking);
      assertThat(receiverHas).containsAll(difference.known());
      if (!skewedClock) {
        assertThat(difference.commits()).containsExactlyInAnyOrderElementsOf(lacking);
        for (Hash commit : difference.commits()) {
          for (Hash parent : history.commits.get(commit).parents()) {
            assertThat(receiverHas.contains(parent)).isEqualTo(difference.known().contains(parent));
          }
        }
      }
    }
  }

  @Test
  void onALongHistoryTheWalksReadTheCommitsNearTheHeadsOnly() {
    // 100,000 commits on main, then two short branches from its head: what a merge asks.
    Map<Hash, Commit> commits = new HashMap<>();
    Hash head = null;
    long clock = 0;
    for (int i = 0; i < 100_000; i++) {
      head = put(commits, head == null ? List.of() : List.of(head), ++clock, "main " + i);
    }
    Hash fork = head;
    Hash ours = put(commits, List.of(put(commits, List.of(fork), ++clock, "ours 1")), ++clock, "ours 2");
    Hash theirs = put(commits, List.of(fork), ++clock, "theirs 1");
    AtomicInteger reads = new AtomicInteger();
    CommitGraph graph = new CommitGraph(id -> {
      reads.incrementAndGet();
      return commits.get(id);
    });

    assertThat(graph.isAncestor(theirs, ours)).isFalse();
    assertThat(graph.isAncestor(fork, ours)).isTrue();
    assertThat(graph.mergeBases(ours, theirs)).containsExactly(fork);
    HistoryDifference push = graph.difference(List.of(ours), List.of(theirs));
    assertThat(push.commits()).hasSize(2);
    assertThat(push.known()).contains(fork);
    assertThat(reads.get()).as("commits read by four walks").isLessThan(40);
  }

  @Test
  void aMergeBaseBeyondTheShallowBoundaryIsRefusedAndOneHereIsFound() {
    Map<Hash, Commit> commits = new HashMap<>();
    Hash root = put(commits, List.of(), 1, "root");
    Hash boundary = put(commits, List.of(root), 2, "boundary");
    Hash a = put(commits, List.of(boundary), 3, "a");
    Hash b = put(commits, List.of(root), 4, "b");
    Set<Hash> absent = Set.of(root); // a shallow clone of depth 2 from a lacks the root
    CommitGraph shallow = new CommitGraph(commits::get, absent::contains);
    assertThatThrownBy(() -> shallow.mergeBases(a, b))
        .isInstanceOf(PartialRepositoryException.class).hasMessageContaining("shallow boundary");
    assertThat(shallow.mergeBases(a, boundary)).containsExactly(boundary);
    assertThat(shallow.isAncestor(root, a)).as("beyond the boundary: not walked").isFalse();
    assertThat(shallow.isAncestor(boundary, a)).isTrue();
  }

  @Test
  void aCommitThatIsNotHereIsNoAncestor() {
    Map<Hash, Commit> commits = new HashMap<>();
    Hash a = put(commits, List.of(), 1, "a");
    Hash b = put(commits, List.of(a), 2, "b");
    Hash elsewhere = Hash.of("a commit of another repository".getBytes());
    CommitGraph graph = new CommitGraph(id -> {
      Commit commit = commits.get(id);
      if (commit == null) {
        throw new CorruptNodeException(id, "no commit " + id.toShortHex());
      }
      return commit;
    });
    assertThat(graph.isAncestor(elsewhere, b)).isFalse();
    assertThat(graph.isAncestor(a, b)).isTrue();
  }

  private static Hash put(Map<Hash, Commit> commits, List<Hash> parents, long millis, String message) {
    Commit commit = new Commit(Hash.of(message.getBytes()), parents, "ada", message, Instant.ofEpochMilli(millis),
        new TreeMap<>());
    Hash id = Hash.of(commit.encode());
    commits.put(id, commit);
    return id;
  }
}

package io.prolly.tck.repository;

import static io.prolly.tck.repository.MergeRules.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.Codecs;
import io.prolly.CommitInfo;
import io.prolly.Repository;
import io.prolly.Store;
import io.prolly.error.MergeConflictException;
import io.prolly.merge.ConflictResolver;
import io.prolly.merge.MergeResult;
import io.prolly.tck.BackendFixture;
import io.prolly.tck.Contract;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.jspecify.annotations.Nullable;

/**
 * Revert and cherry-pick: one commit's changes undone or applied again on a branch, as a
 * three-way merge per key, checked against a model of the contents; conflicts write nothing.
 */
abstract class ReplayRules extends RulesBase {

  private static final List<String> KEYS = List.of("a", "b", "c", "n/a", "n/b");
  private static final List<String> VALUES = List.of("1", "2", "3");

  ReplayRules(BackendFixture fixture) {
    super(fixture);
  }

  /** Writes of one commit: qualified key to value, or to null for a removal. */
  @Provide
  Arbitrary<List<Map<String, @Nullable String>>> histories() {
    Arbitrary<@Nullable String> value = Arbitraries.of(VALUES).injectNull(0.25);
    Arbitrary<Map<String, @Nullable String>> writes = Arbitraries.maps(Arbitraries.of(KEYS), value).ofMaxSize(3);
    return writes.list().ofMinSize(2).ofMaxSize(7);
  }

  @Contract(value = "revert makes a new commit on the branch's head that undoes what the commit changed against its "
      + "parent, and nothing else; reverting the revert restores the changes (Repository.revert).",
      catches = "a revert that restores the parent's whole state, undoing later commits too")
  @Property(tries = 25)
  void aRevertUndoesExactlyTheCommitsChangesAndRevertingItAgainRestoresTheBranch(
      @ForAll("histories") List<Map<String, @Nullable String>> history, @ForAll @IntRange(max = 6) int pick) {
    Repository repository = newRepository();
    List<String> ids = writeHistory(repository, "main", history, 0);
    String reverted = ids.get(pick % ids.size());
    CommitInfo info = repository.commitInfo(reverted);
    Map<String, String> base = contents(repository, reverted);
    Map<String, String> parent = info.parents().isEmpty() ? Map.of() : contents(repository, info.parents().get(0).toHex());
    Map<String, String> head = contents(repository, "main");
    Expected expected = threeWay(base, head, parent);
    Statistics.collect(expected.outcome(head));
    if (!expected.conflicts.isEmpty()) {
      assertConflictWritesNothing(repository, () -> repository.revert("main", reverted), expected.conflicts);
      return;
    }
    MergeResult result = repository.revert("main", reverted);
    assertThat(contents(repository, "main")).isEqualTo(expected.merged);
    for (String key : changedKeys(parent, base)) {
      assertThat(contents(repository, "main").get(key)).as("key %s the reverted commit changed", key)
          .isEqualTo(parent.get(key));
    }
    if (expected.merged.equals(head)) {
      assertThat(result.kind()).isEqualTo(MergeResult.Kind.UP_TO_DATE);
      assertThat(repository.resolve("main").toHex()).isEqualTo(ids.get(ids.size() - 1));
      return;
    }
    assertThat(result.kind()).isEqualTo(MergeResult.Kind.MERGED);
    assertThat(result.theirs().toHex()).isEqualTo(reverted);
    CommitInfo revert = repository.commitInfo("main");
    assertThat(revert.id()).isEqualTo(result.commit());
    assertThat(revert.parents()).extracting(Object::toString).containsExactly(ids.get(ids.size() - 1));
    assertThat(revert.message()).startsWith("Revert '" + info.message() + "'").contains(reverted);
    assertThat(revert.metadata()).containsEntry("reverts", reverted);
    assertThat(revert.author()).isEqualTo(repository.author());
    MergeResult again = repository.revert("main", reverted);
    assertThat(again.kind()).as("reverted twice").isEqualTo(MergeResult.Kind.UP_TO_DATE);
    assertThat(again.commit()).isEqualTo(result.commit());
    assertThat(repository.revert("main", "main").kind()).isEqualTo(MergeResult.Kind.MERGED);
    assertThat(contents(repository, "main")).as("reverting the revert").isEqualTo(head);
  }

  @Contract(value = "cherryPick makes a new commit on the branch's head with what the commit changed against its "
      + "parent, and nothing else (Repository.cherryPick).",
      catches = "a cherry-pick that merges the commit with its whole history instead of its own changes")
  @Property(tries = 25)
  void aCherryPickAppliesExactlyOneCommitsChangesToAnotherBranch(
      @ForAll("histories") List<Map<String, @Nullable String>> history,
      @ForAll("histories") List<Map<String, @Nullable String>> other, @ForAll @IntRange(max = 6) int pick) {
    Repository repository = newRepository();
    commit(repository, "main", Map.of("start", "1"));
    repository.createBranch("other", "main");
    List<String> ids = writeHistory(repository, "main", history, 0);
    writeHistory(repository, "other", other, history.size());
    String picked = ids.get(pick % ids.size());
    CommitInfo info = repository.commitInfo(picked);
    Map<String, String> parent = contents(repository, info.parents().get(0).toHex());
    Map<String, String> theirs = contents(repository, picked);
    Map<String, String> head = contents(repository, "other");
    Expected expected = threeWay(parent, head, theirs);
    Statistics.collect(expected.outcome(head));
    if (!expected.conflicts.isEmpty()) {
      assertConflictWritesNothing(repository, () -> repository.cherryPick("other", picked), expected.conflicts);
      return;
    }
    String headBefore = repository.resolve("other").toHex();
    MergeResult result = repository.cherryPick("other", picked);
    assertThat(contents(repository, "other")).isEqualTo(expected.merged);
    if (expected.merged.equals(head)) {
      assertThat(result.kind()).isEqualTo(MergeResult.Kind.UP_TO_DATE);
      assertThat(repository.resolve("other").toHex()).isEqualTo(headBefore);
      return;
    }
    assertThat(result.kind()).isEqualTo(MergeResult.Kind.MERGED);
    assertThat(repository.diff("other~1", "other").map(change -> change.qualifiedKey()).toList())
        .as("the keys the pick changed are among those the picked commit changed")
        .isSubsetOf(changedKeys(parent, theirs));
    CommitInfo pickedCommit = repository.commitInfo("other");
    assertThat(pickedCommit.parents()).extracting(Object::toString).containsExactly(headBefore);
    assertThat(pickedCommit.message()).isEqualTo(info.message());
    assertThat(pickedCommit.author()).isEqualTo(info.author());
    assertThat(pickedCommit.metadata()).containsEntry("cherry-picked-from", picked);
  }

  @Contract(value = "revert and cherryPick throw MergeConflictException if a key stays unresolved; nothing is "
      + "written (Repository.revert, Repository.cherryPick).",
      catches = "a backend that keeps the nodes of a rolled-back transaction, so the refused replay leaves nodes "
      + "behind")
  @Example
  void aConflictingRevertOrCherryPickLeavesTheBranchAndTheNodesAsTheyWere() {
    Repository repository = newRepository();
    commit(repository, "main", Map.of("k", "1", "other", "1"));
    String changed = commit(repository, "main", Map.of("k", "2"));
    repository.createBranch("side", "main~1");
    String sideChange = commit(repository, "side", Map.of("k", "3"));
    commit(repository, "main", Map.of("k", "4"));
    assertConflictWritesNothing(repository, () -> repository.revert("main", changed), Set.of("k"));
    assertConflictWritesNothing(repository, () -> repository.cherryPick("main", sideChange), Set.of("k"));
    MergeResult picked = repository.cherryPick("main", sideChange, ConflictResolver.theirs());
    assertThat(picked.resolvedKeys()).containsExactly("k");
    assertThat(repository.snapshot("main", Codecs.utf8()).get("k")).isEqualTo("3");
    MergeResult reverted = repository.revert("main", changed, ConflictResolver.theirs());
    assertThat(reverted.resolvedKeys()).containsExactly("k");
    assertThat(repository.snapshot("main", Codecs.utf8()).get("k")).isEqualTo("1");
  }

  @Contract(value = "revert and cherryPick throw IllegalArgumentException if the commit is a merge; a first commit "
      + "replays against the empty state (Repository.revert, Repository.cherryPick).",
      catches = "a merge commit reverted against its first parent without a word, or a root commit that fails for "
      + "want of a parent")
  @Example
  void aMergeCommitIsRefusedAndARootCommitRevertsAgainstTheEmptyState() {
    Repository repository = newRepository();
    String root = commit(repository, "main", Map.of("a", "1", "eu/b", "1"));
    repository.createBranch("side", "main");
    commit(repository, "side", Map.of("c", "1"));
    commit(repository, "main", Map.of("d", "1"));
    repository.merge("side", "main");
    Map<String, ?> refsBefore = refs(repository);
    assertThatThrownBy(() -> repository.revert("main", "main")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("merge");
    assertThatThrownBy(() -> repository.cherryPick("side", "main")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("merge");
    assertThat(refs(repository)).isEqualTo(refsBefore);
    MergeResult result = repository.revert("main", root);
    assertThat(result.kind()).isEqualTo(MergeResult.Kind.MERGED);
    assertThat(contents(repository, "main")).isEqualTo(Map.of("c", "1", "d", "1"));
    assertThat(repository.cherryPick("main", root).kind()).isEqualTo(MergeResult.Kind.MERGED);
    assertThat(contents(repository, "main")).isEqualTo(Map.of("a", "1", "c", "1", "d", "1", "eu/b", "1"));
    assertThat(repository.cherryPick("main", root).kind()).as("picked again").isEqualTo(MergeResult.Kind.UP_TO_DATE);
  }

  @Contract(value = "Atomic and safe beside other writers: the commit is written and the branch moved in one "
      + "transaction, by compare-and-set, retried if the branch moved meanwhile (Repository.revert, "
      + "Repository.cherryPick).",
      catches = "a ref compare-and-set that does not fail when another transaction moved the branch, so a racing "
      + "commit is lost")
  @Example
  void cherryPicksAndRevertsRacingWithCommitsLoseNothing() throws Exception {
    Repository repository = newRepository();
    commit(repository, "main", Map.of("start", "1"));
    repository.createBranch("side", "main");
    List<String> picks = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      picks.add(commit(repository, "side", Map.of("picked-" + i, "1")));
    }
    int writers = 3;
    int commits = 20;
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> tasks = new ArrayList<>();
      for (int t = 0; t < writers; t++) {
        int thread = t;
        tasks.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < commits; i++) {
            commit(repository, "main", Map.of("writer-" + thread + "-" + i, "1"));
          }
          return null;
        }));
      }
      tasks.add(pool.submit(() -> {
        start.await();
        for (String pick : picks) {
          assertThat(repository.cherryPick("main", pick).kind()).isEqualTo(MergeResult.Kind.MERGED);
        }
        assertThat(repository.revert("main", picks.get(0)).kind()).isEqualTo(MergeResult.Kind.MERGED);
        return null;
      }));
      start.countDown();
      for (Future<?> task : tasks) {
        task.get();
      }
    } finally {
      pool.shutdownNow();
    }
    Map<String, String> result = contents(repository, "main");
    for (int t = 0; t < writers; t++) {
      for (int i = 0; i < commits; i++) {
        assertThat(result).as("writer %d's commit %d", t, i).containsKey("writer-" + t + "-" + i);
      }
    }
    for (int i = 1; i < picks.size(); i++) {
      assertThat(result).containsEntry("picked-" + i, "1");
    }
    assertThat(result).doesNotContainKey("picked-0");
    assertThat(repository.log("main").count()).isEqualTo(1 + writers * commits + picks.size() + 1);
  }

  /** The three-way merge of contents, key by key, and the keys changed differently on both sides. */
  record Expected(Map<String, String> merged, Set<String> conflicts) {

    String outcome(Map<String, String> head) {
      return !conflicts.isEmpty() ? "conflict" : merged.equals(head) ? "up to date" : "commit";
    }
  }

  static Expected threeWay(Map<String, String> base, Map<String, String> ours, Map<String, String> theirs) {
    Map<String, String> merged = new TreeMap<>();
    Set<String> conflicts = new TreeSet<>();
    Set<String> keys = new TreeSet<>(base.keySet());
    keys.addAll(ours.keySet());
    keys.addAll(theirs.keySet());
    for (String key : keys) {
      String b = base.get(key);
      String o = ours.get(key);
      String t = theirs.get(key);
      String result = Objects.equals(o, b) ? t : Objects.equals(t, b) || Objects.equals(o, t) ? o : null;
      if (!Objects.equals(o, b) && !Objects.equals(t, b) && !Objects.equals(o, t)) {
        conflicts.add(key);
        result = o;
      }
      if (result != null) {
        merged.put(key, result);
      }
    }
    return new Expected(merged, conflicts);
  }

  private void assertConflictWritesNothing(Repository repository, Runnable replay, Set<String> conflicts) {
    Map<String, ?> refsBefore = refs(repository);
    long nodesBefore = repository.maintenance().stats().nodeCount();
    assertThatThrownBy(replay::run).isInstanceOfSatisfying(MergeConflictException.class,
        e -> assertThat(e.conflictingKeys()).containsExactlyInAnyOrderElementsOf(conflicts))
        .hasMessageContaining("Nothing was written");
    assertThat(refs(repository)).isEqualTo(refsBefore);
    assertThat(repository.maintenance().stats().nodeCount()).as("nodes after a conflict").isEqualTo(nodesBefore);
  }

  /** Commits each map of writes to a branch, with one new key per commit so that none is empty. */
  static List<String> writeHistory(Repository repository, String branch,
      List<Map<String, @Nullable String>> history, int first) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < history.size(); i++) {
      Store<String> store = repository.store(branch, Codecs.utf8());
      Map<String, @Nullable String> writes = new HashMap<>(history.get(i));
      writes.put("m/c" + (first + i), "x");
      writes.forEach((key, value) -> {
        int slash = key.lastIndexOf('/');
        Store<String> target = slash < 0 ? store : store.namespace(key.substring(0, slash));
        String name = key.substring(slash + 1);
        if (value == null) {
          target.remove(name);
        } else {
          target.set(name, value);
        }
      });
      ids.add(store.commit("step " + (first + i)).id().toHex());
    }
    return ids;
  }

  private static Set<String> changedKeys(Map<String, String> before, Map<String, String> after) {
    Set<String> keys = new TreeSet<>(before.keySet());
    keys.addAll(after.keySet());
    keys.removeIf(key -> Objects.equals(before.get(key), after.get(key)));
    return keys;
  }
}

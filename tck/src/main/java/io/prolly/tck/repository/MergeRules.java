package io.prolly.tck.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.Codecs;
import io.prolly.error.MergeConflictException;
import io.prolly.merge.MergeFn;
import io.prolly.merge.MergeResult;
import io.prolly.Repository;
import io.prolly.Snapshot;
import io.prolly.Store;
import io.prolly.tck.BackendFixture;
import io.prolly.merge.ConflictResolver;
import io.prolly.tck.Contract;
import java.util.Map;
import net.jqwik.api.Example;

/** Repository merges and the automatic merge of commits, at the level users see. */
abstract class MergeRules extends RulesBase {

  MergeRules(BackendFixture fixture) {
    super(fixture);
  }

  @Contract(value = "If the branch already contains the source nothing happens; if the branch is an ancestor of the "
      + "source it fast-forwards (Repository.merge).",
      catches = "a merge commit made where a fast-forward was due, or a ref move the backend did not persist")
  @Example
  void aMergeIntoAnAncestorFastForwardsAndAMergeOfAnAncestorChangesNothing() {
    Repository repository = newRepository();
    commit(repository, "main", Map.of("a", "1"));
    repository.createBranch("feature", "main");
    String head = commit(repository, "feature", Map.of("b", "2"));
    MergeResult forward = repository.merge("feature", "main");
    assertThat(forward.kind()).isEqualTo(MergeResult.Kind.FAST_FORWARD);
    assertThat(repository.resolve("main").toHex()).isEqualTo(head);
    MergeResult again = repository.merge("feature", "main");
    assertThat(again.kind()).isEqualTo(MergeResult.Kind.UP_TO_DATE);
    assertThat(repository.log("main").count()).isEqualTo(2);
  }

  @Contract(value = "Otherwise each namespace is merged three-way against the merge base, and a merge commit with "
      + "parents (branch, source) is made (Repository.merge).",
      catches = "a namespace only one side changed taken from the wrong side, or a node of the merged tree not "
      + "stored")
  @Example
  void changesOnBothSidesInDifferentKeysAndNamespacesCombineInAMergeCommit() {
    Repository repository = newRepository();
    commit(repository, "main", Map.of("a", "1", "eu/x", "1", "us/y", "1"));
    repository.createBranch("feature", "main");
    commit(repository, "main", Map.of("a", "2", "us/z", "1"));
    commit(repository, "feature", Map.of("b", "1", "eu/x", "2"));
    String mainBefore = repository.resolve("main").toHex();
    String featureHead = repository.resolve("feature").toHex();
    MergeResult merge = repository.merge("feature", "main");
    assertThat(merge.kind()).isEqualTo(MergeResult.Kind.MERGED);
    Snapshot<String> merged = repository.snapshot("main", Codecs.utf8());
    assertThat(contents(merged)).containsExactlyInAnyOrderEntriesOf(Map.of("a", "2", "b", "1"));
    assertThat(contents(merged.namespace("eu"))).containsExactlyInAnyOrderEntriesOf(Map.of("x", "2"));
    assertThat(contents(merged.namespace("us"))).containsExactlyInAnyOrderEntriesOf(Map.of("y", "1", "z", "1"));
    assertThat(repository.commitInfo("main").parents()).extracting(Object::toString)
        .containsExactly(mainBefore, featureHead);
    assertThat(repository.namespaceChanged("eu", "main^1", "main")).as("eu came from feature").isTrue();
    assertThat(repository.namespaceChanged("us", "main^1", "main")).as("us changed only on main").isFalse();
  }

  @Contract(value = "merge throws MergeConflictException if a key changed differently on both sides; nothing is "
      + "written (Repository.merge).",
      catches = "a backend that keeps the nodes of a failed transaction, so a refused merge leaves its trees behind")
  @Example
  void aDeleteAgainstAnUpdateIsAConflictAndWritesNothing() {
    Repository repository = newRepository();
    commit(repository, "main", Map.of("a", "1", "b", "1"));
    repository.createBranch("feature", "main");
    commit(repository, "main", Map.of("a", "2"));
    Store<String> feature = repository.store("feature", Codecs.utf8());
    feature.remove("a");
    feature.set("c", "1");
    feature.commit("remove a");
    Map<String, ?> refsBefore = refs(repository);
    assertThatThrownBy(() -> repository.merge("feature", "main"))
        .isInstanceOfSatisfying(MergeConflictException.class, e -> {
          assertThat(e.conflictingKeys()).containsExactly("a");
          assertThat(e.mergeErrors()).isEmpty();
        })
        .hasMessageContaining("Nothing was written");
    assertThat(refs(repository)).isEqualTo(refsBefore);
    MergeResult theirs = repository.merge("feature", "main", ConflictResolver.theirs());
    assertThat(theirs.resolvedKeys()).containsExactly("a");
    assertThat(contents(repository.snapshot("main", Codecs.utf8())))
        .containsExactlyInAnyOrderEntriesOf(Map.of("b", "1", "c", "1"));
  }

  @Contract(value = "A resolver or merge function that throws leaves the key a conflict: MergeConflictException, "
      + "and nothing is written (Repository.merge).",
      catches = "the exception of a merge function escaping after part of the merge was written")
  @Example
  void aMergeFunctionThatThrowsIsReportedAndNothingIsWritten() {
    Repository repository = newRepository();
    commit(repository, "main", Map.of("n/a", "1"));
    repository.createBranch("feature", "main");
    commit(repository, "main", Map.of("n/a", "2"));
    commit(repository, "feature", Map.of("n/a", "3"));
    Map<String, ?> refsBefore = refs(repository);
    IllegalStateException failure = new IllegalStateException("cannot merge these");
    assertThatThrownBy(() -> repository.merge("feature", "main", Codecs.utf8(), (base, ours, theirs) -> {
      throw failure;
    })).isInstanceOfSatisfying(MergeConflictException.class, e -> {
      assertThat(e.conflictingKeys()).containsExactly("n/a");
      assertThat(e.mergeErrors()).containsEntry("n/a", failure);
    });
    assertThat(refs(repository)).isEqualTo(refsBefore);
    MergeResult max = repository.merge("feature", "main", Codecs.utf8(), MergeFn.max());
    assertThat(max.resolvedKeys()).containsExactly("n/a");
    assertThat(repository.snapshot("main", Codecs.utf8()).namespace("n").get("a")).isEqualTo("3");
  }

  @Contract(value = "If the branch moved since the working copy's base, commit merges: keys only one side changed "
      + "combine, keys both changed go to the MergeFn registered for them (Store).",
      catches = "a commit on a moved branch that overwrites the other side's changes instead of merging them")
  @Example
  void aCommitOnAMovedBranchMergesWithTheMergeFunctionsOfItsKeys() {
    Repository repository = newRepository();
    Store<Long> first = repository.store("main", Codecs.longs());
    first.set("count", 10L);
    first.commit("start");
    Store<Long> second = repository.store("main", Codecs.longs());
    first.set("count", 15L);
    first.commit("+5");
    second.setMergeFn("count", MergeFn.counter());
    second.set("count", 13L);
    second.set("other", 1L);
    var result = second.commit("+3");
    assertThat(result.merged()).isTrue();
    assertThat(second.lastMergeResult()).isNotNull();
    assertThat(second.lastMergeResult().resolvedKeys()).containsExactly("count");
    assertThat(repository.snapshot("main", Codecs.longs()).get("count")).isEqualTo(18L);
    assertThat(second.get("count")).isEqualTo(18L);
    assertThat(second.baseCommit()).isEqualTo(result.id());
  }

  @Contract(value = "commit throws MergeConflictException if the branch moved and a key changed on both sides stays "
      + "unresolved; nothing is written and the staged writes stay (Store.commit).",
      catches = "staged writes cleared by a commit that failed, or the failed commit's nodes left in the store")
  @Example
  void aConflictingCommitWritesNothingAndKeepsItsStagedWrites() {
    Repository repository = newRepository();
    Store<String> first = repository.store("main", Codecs.utf8());
    first.set("k", "base");
    first.commit("base");
    Store<String> second = repository.store("main", Codecs.utf8());
    first.set("k", "first");
    first.commit("first");
    Map<String, ?> refsBefore = refs(repository);
    second.namespace("deep/er").set("k", "untouched by first");
    second.set("k", "second");
    assertThatThrownBy(() -> second.commit("second")).isInstanceOfSatisfying(MergeConflictException.class,
        e -> assertThat(e.conflictingKeys()).containsExactly("k"));
    assertThat(refs(repository)).isEqualTo(refsBefore);
    assertThat(second.hasChanges()).isTrue();
    assertThat(second.get("k")).isEqualTo("second");
    second.setDefaultMergeFn(MergeFn.theirs());
    second.commit("second, yielding");
    assertThat(repository.snapshot("main", Codecs.utf8()).get("k")).isEqualTo("first");
    assertThat(repository.snapshot("main", Codecs.utf8()).namespace("deep").namespace("er").get("k"))
        .isEqualTo("untouched by first");
  }

  @Contract(value = "After criss-cross merges, the several best common ancestors are merged into one virtual base, "
      + "as git's recursive strategy does, deterministically (Repository.merge).",
      catches = "a merge base picked from one of several best common ancestors, so a change both sides already "
      + "merged conflicts again")
  @Example
  void aCrissCrossHistoryMergesAgainstAVirtualBaseOfItsBestCommonAncestors() {
    Repository repository = newRepository();
    commit(repository, "main", Map.of("a", "1"));
    repository.createBranch("side", "main");
    commit(repository, "main", Map.of("b", "1"));
    commit(repository, "side", Map.of("c", "1"));
    String mainBeforeMerges = repository.resolve("main").toHex();
    assertThat(repository.merge("side", "main").kind()).isEqualTo(MergeResult.Kind.MERGED);
    assertThat(repository.merge(mainBeforeMerges, "side").kind()).isEqualTo(MergeResult.Kind.MERGED);
    commit(repository, "main", Map.of("d", "1"));
    commit(repository, "side", Map.of("e", "1", "b", "2"));
    MergeResult merge = repository.merge("side", "main");
    assertThat(merge.kind()).isEqualTo(MergeResult.Kind.MERGED);
    assertThat(contents(repository.snapshot("main", Codecs.utf8())))
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "2", "c", "1", "d", "1", "e", "1"));
  }

  /** Commits {@code key = value} pairs to a branch; a key {@code ns/k} goes to namespace {@code ns}. */
  static String commit(Repository repository, String branch, Map<String, String> writes) {
    Store<String> store = repository.store(branch, Codecs.utf8());
    writes.forEach((key, value) -> {
      int slash = key.lastIndexOf('/');
      Store<String> target = slash < 0 ? store : store.namespace(key.substring(0, slash));
      target.set(key.substring(slash + 1), value);
    });
    return store.commit("write " + writes.keySet()).id().toHex();
  }
}

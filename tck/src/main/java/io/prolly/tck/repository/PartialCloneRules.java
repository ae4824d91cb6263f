package io.prolly.tck.repository;

import static io.prolly.tck.repository.MergeRules.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.CloneOptions;
import io.prolly.Codecs;
import io.prolly.CommitInfo;
import io.prolly.PartialState;
import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.Snapshot;
import io.prolly.Store;
import io.prolly.Transfer;
import io.prolly.VerifyReport;
import io.prolly.error.PartialRepositoryException;
import io.prolly.spi.Durability;
import io.prolly.spi.Hash;
import io.prolly.spi.StoreConfig;
import io.prolly.tck.BackendFixture;
import io.prolly.tck.Contract;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Example;

/**
 * Partial clones on the backend under test: a shallow clone by depth and a clone of selected
 * namespaces record what they lack in the store (so it survives a reopen), stop or fail clearly
 * where the missing part is needed, verify clean, and become complete again by deepening.
 */
abstract class PartialCloneRules extends RulesBase {

  PartialCloneRules(BackendFixture fixture) {
    super(fixture);
  }

  /** A repository with a line of {@code count} commits on main, each writing key {@code k<i>}. */
  private Repository lineOfCommits(int count) {
    Repository source = newMemoryRepository();
    for (int i = 1; i <= count; i++) {
      commit(source, "main", Map.of("k" + i, "v" + i, "eu/k" + i, "eu" + i));
    }
    return source;
  }

  private StoreConfig configAt(Path directory) {
    return fixture().config(directory).toBuilder().durability(Durability.EVENTUAL).build();
  }

  @Contract(value = "A clone with a depth takes the newest commits of each branch with their trees; the boundary "
      + "commits keep their parent ids, the repository records its boundary through the SPI (it survives a reopen), "
      + "log stops there and verify reports it partial, not damaged (Transfer.cloneInto(Repository, CloneOptions)).",
      catches = "a backend that drops refs outside heads/ and tags/ on reopen, so a shallow clone forgets it is one")
  @Example
  void aShallowCloneKeepsItsNewestCommitsRecordsItsBoundaryAndSurvivesAReopen() {
    Repository source = lineOfCommits(5);
    List<Hash> history = source.log("main").map(CommitInfo::id).toList();
    Path directory = newDirectory("prolly-partial-tck-");
    try (Repository clone = Prolly.over(fixture().provider().open(configAt(directory)))) {
      source.transfer().cloneInto(clone, CloneOptions.depth(2));
      assertShallowAt(clone, history);
    }
    if (fixture().persistent()) {
      try (Repository reopened = Prolly.over(fixture().provider().open(configAt(directory)))) {
        assertShallowAt(reopened, history);
        assertThat(reopened.snapshot("main", Codecs.utf8()).get("k5")).isEqualTo("v5");
        assertThat(reopened.snapshot("main", Codecs.utf8()).get("k1")).as("data of old commits is in the tree")
            .isEqualTo("v1");
      }
    }
  }

  private static void assertShallowAt(Repository clone, List<Hash> history) {
    assertThat(clone.log("main").map(CommitInfo::id).toList()).containsExactly(history.get(0), history.get(1));
    PartialState state = clone.partialState();
    assertThat(state.shallowCommits()).containsExactly(history.get(1));
    assertThat(state.isShallowAt(history.get(1))).isTrue();
    assertThat(clone.commitInfo(history.get(1).toHex()).parents()).as("ids do not change")
        .containsExactly(history.get(2));
    VerifyReport report = clone.maintenance().verify();
    assertThat(report.problems()).isEmpty();
    assertThat(report.isPartial()).isTrue();
    assertThat(report.partial()).isEqualTo(state);
    assertThat(report.commitsChecked()).isEqualTo(2);
    assertThat(clone.branches()).containsOnlyKeys("main");
  }

  @Contract(value = "On a shallow clone every operation that needs history beyond the boundary — resolving or "
      + "diffing a missing commit, a merge whose base lies beyond it, blame past it, a push of history the receiver "
      + "lacks — throws PartialRepositoryException and changes nothing (PartialRepositoryException).",
      catches = "a missing parent read as an empty tree, so a merge or diff silently gives wrong data")
  @Example
  void operationsThatNeedMissingHistoryFailClearlyAndChangeNothing() {
    Repository source = newMemoryRepository();
    commit(source, "main", Map.of("a", "1"));
    commit(source, "main", Map.of("b", "1"));
    source.createBranch("dev", "main");
    commit(source, "main", Map.of("c", "1"));
    commit(source, "main", Map.of("d", "1"));
    commit(source, "dev", Map.of("e", "1"));
    commit(source, "dev", Map.of("f", "1"));
    Hash beyond = source.resolve("main~2");
    Repository clone = newRepository();
    source.transfer().cloneInto(clone, CloneOptions.depth(2));
    Map<String, ?> before = refs(clone);

    assertThatThrownBy(() -> clone.resolve("main~2")).isInstanceOf(PartialRepositoryException.class)
        .hasMessageContaining("shallow boundary").hasMessageContaining("greater depth");
    assertThatThrownBy(() -> clone.diff(beyond.toHex(), "main").toList())
        .isInstanceOfSatisfying(PartialRepositoryException.class,
            e -> assertThat(e.missing()).isEqualTo(beyond.toHex()));
    assertThatThrownBy(() -> clone.snapshot(beyond.toHex(), Codecs.utf8()))
        .isInstanceOf(PartialRepositoryException.class);
    assertThatThrownBy(() -> clone.merge("dev", "main")).isInstanceOf(PartialRepositoryException.class)
        .hasMessageContaining("unshallow");
    assertThatThrownBy(() -> clone.blame("main", "")).isInstanceOf(PartialRepositoryException.class);
    assertThatThrownBy(() -> clone.transfer().exportBundle(new ByteArrayOutputStream()))
        .isInstanceOf(PartialRepositoryException.class);
    Repository other = newMemoryRepository();
    assertThatThrownBy(() -> clone.transfer().push(other, "main")).isInstanceOf(PartialRepositoryException.class)
        .hasMessageContaining("nothing was written");
    assertThat(other.branches()).isEmpty();
    assertThat(refs(clone)).isEqualTo(before);
    assertThat(clone.maintenance().verify().problems()).isEmpty();
  }

  @Contract(value = "A shallow clone commits, collects garbage, pulls and merges over the history it has: a merge "
      + "whose base lies within it works, and what it pushes reaches a repository that has the rest (Transfer.pull).",
      catches = "a merge-base search that reads past the boundary, so every merge on a shallow clone fails")
  @Example
  void aShallowCloneCommitsMergesAndPushesOverTheHistoryItHas() {
    Repository source = lineOfCommits(4);
    Repository clone = newRepository();
    source.transfer().cloneInto(clone, CloneOptions.depth(1));
    commit(clone, "main", Map.of("local", "1"));
    commit(source, "main", Map.of("remote", "1"));
    clone.maintenance().gc();
    assertThat(clone.maintenance().verify().problems()).isEmpty();
    clone.transfer().pull(source, "main");
    assertThat(clone.log("main").count()).as("merge, two sides, the boundary").isEqualTo(4);
    assertThat(contents(clone, "main")).containsEntry("local", "1").containsEntry("remote", "1")
        .containsEntry("k1", "v1");
    clone.transfer().push(source, "main");
    assertThat(source.resolve("main")).isEqualTo(clone.resolve("main"));
    assertThat(source.maintenance().verify().problems()).isEmpty();
    assertThat(source.partialState().isPartial()).isFalse();
    assertThat(clone.maintenance().verify().problems()).isEmpty();
  }

  @Contract(value = "A fetch with a greater depth moves the shallow boundary back, and one with Transfer.UNSHALLOW "
      + "brings the whole history: the repository then verifies complete (Transfer.fetch(Repository, String, int)).",
      catches = "a fetch that skips a commit it has, so history behind the boundary is never fetched")
  @Example
  void deepeningAndUnshallowingRestoreTheWholeHistory() {
    Repository source = lineOfCommits(6);
    List<Hash> history = source.log("main").map(CommitInfo::id).toList();
    Repository clone = newRepository();
    source.transfer().cloneInto(clone, CloneOptions.depth(1));
    assertThat(clone.log("main").count()).isEqualTo(1);

    clone.transfer().fetch(source, "main", 3);
    assertThat(clone.log("main").map(CommitInfo::id).toList()).isEqualTo(history.subList(0, 3));
    assertThat(clone.partialState().shallowCommits()).containsExactly(history.get(2));
    assertThat(clone.maintenance().verify().problems()).isEmpty();

    commit(source, "main", Map.of("new", "1"));
    clone.transfer().fetch(source, "main", Transfer.UNSHALLOW);
    assertThat(clone.partialState()).isEqualTo(PartialState.COMPLETE);
    assertThat(clone.log("fetched/main").count()).isEqualTo(7);
    VerifyReport report = clone.maintenance().verify();
    assertThat(report.problems()).isEmpty();
    assertThat(report.isPartial()).isFalse();
    assertThat(report.commitsChecked()).isEqualTo(7);
    assertThat(clone.resolve("main~5")).isEqualTo(history.get(5));
  }

  @Contract(value = "A clone of selected namespaces holds those and the namespaces below them; reading another "
      + "throws PartialRepositoryException naming it, verify treats it as expected-absent, commits that touch only "
      + "present namespaces work and push back, and the state survives a reopen (CloneOptions.namespaces).",
      catches = "an absent namespace read as empty, so a partial clone answers 'no such key' with wrong data")
  @Example
  void aCloneOfSelectedNamespacesReadsWritesAndPushesThemAndRefusesTheOthers() {
    Repository source = newMemoryRepository();
    commit(source, "main", Map.of("top", "1", "eu/a", "1", "eu/fr/b", "1", "us/c", "1"));
    commit(source, "main", Map.of("us/c", "2", "eu/a", "2"));
    Path directory = newDirectory("prolly-partial-tck-");
    try (Repository clone = Prolly.over(fixture().provider().open(configAt(directory)))) {
      source.transfer().cloneInto(clone, CloneOptions.namespaces("eu"));
      assertNamespacePartial(clone);
      Store<String> store = clone.store("main", Codecs.utf8());
      store.namespace("eu").set("new", "x");
      store.commit("edit eu on a partial clone");
      assertThat(clone.maintenance().verify().problems()).isEmpty();
      clone.maintenance().gc();
      assertThat(clone.maintenance().verify().problems()).isEmpty();
      clone.transfer().push(source, "main");
      assertThat(source.snapshot("main", Codecs.utf8()).namespace("eu").get("new")).isEqualTo("x");
      assertThat(source.snapshot("main", Codecs.utf8()).namespace("us").get("c")).as("untouched namespaces stay")
          .isEqualTo("2");
      assertThat(source.maintenance().verify().problems()).isEmpty();
    }
    if (fixture().persistent()) {
      try (Repository reopened = Prolly.over(fixture().provider().open(configAt(directory)))) {
        assertNamespacePartial(reopened);
      }
    }
  }

  private static void assertNamespacePartial(Repository clone) {
    assertThat(clone.partialState().namespaces()).containsExactly("eu");
    Snapshot<String> main = clone.snapshot("main", Codecs.utf8());
    assertThat(main.namespace("eu").get("a")).isEqualTo("2");
    assertThat(main.namespace("eu/fr").get("b")).isEqualTo("1");
    assertThatThrownBy(() -> main.namespace("us").get("c")).isInstanceOfSatisfying(PartialRepositoryException.class,
        e -> assertThat(e.missing()).isEqualTo("us")).hasMessageContaining("namespace 'us'");
    assertThatThrownBy(() -> main.get("top")).isInstanceOf(PartialRepositoryException.class);
    List<Hash> history = clone.log("main").map(CommitInfo::id).toList();
    String first = history.get(history.size() - 1).toHex();
    String second = history.get(history.size() - 2).toHex(); // changed eu and us
    assertThatThrownBy(() -> clone.diff(first, second).toList()).isInstanceOf(PartialRepositoryException.class);
    assertThat(clone.diff(first, second, "eu", Codecs.utf8()).count()).isPositive();
    VerifyReport report = clone.maintenance().verify();
    assertThat(report.problems()).isEmpty();
    assertThat(report.isPartial()).isTrue();
    assertThat(report.partial().hasNamespace("us")).isFalse();
  }

  @Contract(value = "Cloning a partial repository gives a partial clone of what it has: the boundary and the "
      + "namespaces carry over, and asking for a namespace it lacks throws PartialRepositoryException "
      + "(Transfer.cloneInto).",
      catches = "a clone of a shallow clone that believes itself complete and reports its boundary as damage")
  @Example
  void aCloneOfAPartialCloneIsPartialToo() {
    Repository source = lineOfCommits(4);
    Repository shallow = newMemoryRepository();
    source.transfer().cloneInto(shallow, CloneOptions.depth(2));
    Repository second = newRepository();
    shallow.transfer().cloneInto(second);
    assertThat(second.partialState()).isEqualTo(shallow.partialState());
    assertThat(second.maintenance().verify().problems()).isEmpty();
    assertThat(second.log("main").count()).isEqualTo(2);
    Repository copy = newMemoryRepository();
    shallow.transfer().copyInto(copy);
    assertThat(copy.partialState()).isEqualTo(shallow.partialState());
    assertThat(copy.maintenance().verify().problems()).isEmpty();

    Repository regional = newMemoryRepository();
    source.transfer().cloneInto(regional, CloneOptions.namespaces("eu"));
    Repository third = newRepository();
    assertThatThrownBy(() -> regional.transfer().cloneInto(third, CloneOptions.namespaces("us")))
        .isInstanceOf(PartialRepositoryException.class).hasMessageContaining("'us'");
    assertThat(third.branches()).isEmpty();
  }
}

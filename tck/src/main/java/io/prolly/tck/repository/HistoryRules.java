package io.prolly.tck.repository;

import static io.prolly.tck.repository.MergeRules.commit;
import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.CommitInfo;
import io.prolly.Codecs;
import io.prolly.KeyChange;
import io.prolly.Repository;
import io.prolly.Snapshot;
import io.prolly.Store;
import io.prolly.tck.BackendFixture;
import io.prolly.tck.Contract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Example;

/** Log, time travel, revisions, diff, the history of a key and tags. */
abstract class HistoryRules extends RulesBase {

  HistoryRules(BackendFixture fixture) {
    super(fixture);
  }

  @Contract(value = "snapshot(revision) is a read-only view of a revision; log returns the history newest first, "
      + "read lazily, skip and limit paging through it (Repository.snapshot, Repository.log).",
      catches = "a backend that loses or overwrites old nodes, so an old revision reads newer values")
  @Example
  void everyOldRevisionReadsAsItWasCommittedAndTheLogPagesNewestFirst() {
    Repository repository = newRepository();
    Store<String> store = repository.store("main", Codecs.utf8());
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      store.set("counter", Integer.toString(i));
      store.set("key-" + i, "v" + i);
      ids.add(store.commit("commit " + i, Map.of("n", Integer.toString(i))).id().toHex());
    }
    for (int back = 0; back < 30; back++) {
      Snapshot<String> then = repository.snapshot("main~" + back, Codecs.utf8());
      int i = 29 - back;
      assertThat(then.get("counter")).as("main~%d", back).isEqualTo(Integer.toString(i));
      assertThat(then.size()).isEqualTo(i + 2);
      assertThat(then.commit().toHex()).isEqualTo(ids.get(i));
      assertThat(then.revision()).isEqualTo("main~" + back);
      assertThat(repository.resolve(ids.get(i).substring(0, 12)).toHex()).isEqualTo(ids.get(i));
    }
    List<CommitInfo> page = repository.log("main").skip(10).limit(5).toList();
    assertThat(page).extracting(CommitInfo::message)
        .containsExactly("commit 19", "commit 18", "commit 17", "commit 16", "commit 15");
    assertThat(page.get(0).metadata()).containsEntry("n", "19");
    assertThat(page.get(0).parents()).extracting(Object::toString).containsExactly(ids.get(18));
    assertThat(repository.snapshot("main~5", Codecs.utf8()).get("counter")).isEqualTo("24");
  }

  @Contract(value = "diff lists what changed between two revisions in every namespace (Repository.diff).",
      catches = "a diff that misses a removed key, or lists keys out of order")
  @Example
  void diffListsExactlyTheChangedKeysOfEveryNamespaceInOrder() {
    Repository repository = newRepository();
    commit(repository, "main", Map.of("a", "1", "b", "1", "eu/x", "1", "us/y", "1"));
    Store<String> store = repository.store("main", Codecs.utf8());
    store.set("a", "2");
    store.remove("b");
    store.set("c", "1");
    store.namespace("eu").remove("x");
    store.namespace("eu/fr").set("z", "1");
    store.commit("changes");
    List<String> changes = repository.diff("main~1", "main", Codecs.utf8()).map(KeyChange::toString).toList();
    assertThat(changes).containsExactly("~ a: 1 -> 2", "- b (was 1)", "+ c = 1", "- eu/x (was 1)", "+ eu/fr/z = 1");
    assertThat(repository.diff("main~1", "main", "eu", Codecs.utf8()).map(KeyChange::key)).containsExactly("x");
    assertThat(repository.diff("main", "main").count()).isZero();
    assertThat(repository.namespaceChanged("us", "main~1", "main")).isFalse();
    assertThat(repository.namespaceChanged("eu", "main~1", "main")).isTrue();
    assertThat(store.namespaces()).containsExactly("eu", "us");
    assertThat(store.descendantKeys()).containsExactly("a", "c", "eu/fr/z", "us/y");
  }

  @Contract(value = "history returns the commits whose value of the key differs from their first parent's, newest "
      + "first (Repository.history).",
      catches = "a history that lists every commit touching the namespace, not only those that changed the key")
  @Example
  void theHistoryOfAKeyIsTheCommitsThatChangedIt() {
    Repository repository = newRepository();
    Store<String> store = repository.store("main", Codecs.utf8());
    List<String> changing = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      store.set("other", Integer.toString(i));
      if (i % 3 == 0) {
        store.namespace("n").set("watched", Integer.toString(i));
      }
      String id = store.commit("step " + i).id().toHex();
      if (i % 3 == 0) {
        changing.add(0, id);
      }
    }
    assertThat(repository.history("main", "n", "watched").map(c -> c.id().toHex())).containsExactlyElementsOf(changing);
    assertThat(repository.history("main", "", "never").count()).isZero();
  }

  @Contract(value = "A value of any size, empty included, reads back byte for byte; the same large value set again "
      + "adds almost no nodes (WritableStore.set).",
      catches = "a backend that refuses or truncates multi-MiB nodes, or empty values read back as absent")
  @Example
  void largeValuesRoundTripAndAreStoredOnce() {
    Repository repository = newRepository();
    byte[] big = new byte[3 << 20];
    new java.util.SplittableRandom(11).nextBytes(big);
    Store<byte[]> store = repository.store("main", Codecs.bytes());
    store.set("big", big);
    store.set("empty", new byte[0]);
    store.commit("a large value");
    long nodes = repository.maintenance().stats().nodeCount();
    store.namespace("copy").set("same", big.clone());
    store.commit("the same value again");
    assertThat(repository.maintenance().stats().nodeCount() - nodes).as("nodes for a second copy of 3 MiB").isLessThan(10);
    Snapshot<byte[]> snapshot = repository.snapshot("main", Codecs.bytes());
    assertThat(snapshot.get("big")).isEqualTo(big);
    assertThat(snapshot.namespace("copy").get("same")).isEqualTo(big);
    assertThat(snapshot.get("empty")).isEmpty();
    assertThat(repository.diff("main~1", "main").map(KeyChange::qualifiedKey)).containsExactly("copy/same");
  }

  @Contract(value = "A tag is a name for a commit that never moves; creating a branch costs one ref write, whatever "
      + "the size of the data (Repository.createTag, Repository.createBranch).",
      catches = "a tag that follows its branch, or a branch created by copying its tree")
  @Example
  void tagsNameCommitsAndBranchesAreCheapPointers() {
    Repository repository = newRepository();
    String first = commit(repository, "main", Map.of("a", "1"));
    repository.createTag("v1", "main");
    commit(repository, "main", Map.of("a", "2"));
    assertThat(repository.tags()).containsOnlyKeys("v1");
    assertThat(repository.resolve("v1").toHex()).isEqualTo(first);
    assertThat(repository.snapshot("v1", Codecs.utf8()).get("a")).isEqualTo("1");
    long nodesBefore = repository.maintenance().stats().nodeCount();
    repository.createBranch("copy", "main");
    assertThat(repository.maintenance().stats().nodeCount()).as("a branch writes no node").isEqualTo(nodesBefore);
    assertThat(repository.snapshot("copy", Codecs.utf8()).get("a")).isEqualTo("2");
    repository.deleteTag("v1");
    repository.deleteBranch("copy");
    assertThat(repository.tags()).isEmpty();
    assertThat(repository.branches()).containsOnlyKeys("main");
  }

  @Contract(value = "A revision followed by ^n names its n-th parent, as in main^2 (Repository).",
      catches = "a merge commit recorded without its second parent")
  @Example
  void aMergeCommitsSecondParentIsReachableWithCaret() {
    Repository repository = newRepository();
    commit(repository, "main", Map.of("a", "1"));
    repository.createBranch("side", "main");
    commit(repository, "main", Map.of("b", "1"));
    String side = commit(repository, "side", Map.of("c", "1"));
    repository.merge("side", "main");
    assertThat(repository.resolve("main^2").toHex()).isEqualTo(side);
    assertThat(repository.commitInfo("main").isMerge()).isTrue();
    assertThat(contents(repository.snapshot("main", Codecs.utf8()))).containsOnlyKeys("a", "b", "c");
  }
}

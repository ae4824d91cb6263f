package io.prolly.tck.repository;

import static io.prolly.tck.repository.MergeRules.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.Codecs;
import io.prolly.error.MergeConflictException;
import io.prolly.merge.MergeResult;
import io.prolly.Prolly;
import io.prolly.error.PushRejectedException;
import io.prolly.Repository;
import io.prolly.Store;
import io.prolly.SyncReport;
import io.prolly.tck.BackendFixture;
import io.prolly.tck.Contract;
import java.util.Map;
import net.jqwik.api.Example;

/** Clone, push and pull between a repository on the backend under test and one in memory. */
abstract class SyncRules extends RulesBase {

  SyncRules(BackendFixture fixture) {
    super(fixture);
  }

  @Contract(value = "cloneInto copies every branch and tag with everything they reach; only nodes the receiver "
      + "lacks travel (Transfer).",
      catches = "a contains() that answers false for stored nodes, so every push sends everything again")
  @Example
  void aCloneHoldsEveryBranchTagAndCommitAndAPushSendsOnlyWhatChanged() {
    Repository source = newRepository();
    Store<String> store = source.store("main", Codecs.utf8());
    for (int i = 0; i < 2_000; i++) {
      store.namespace("n").set("key-" + i, "value " + i);
    }
    store.commit("load");
    source.createTag("v1", "main");
    source.createBranch("dev", "main");
    commit(source, "dev", Map.of("dev-only", "1"));
    try (Repository clone = Prolly.inMemory()) {
      SyncReport cloned = source.transfer().cloneInto(clone);
      assertThat(cloned.refsUpdated()).containsExactly("heads/dev", "heads/main", "tags/v1");
      assertThat(clone.branches()).isEqualTo(source.branches());
      assertThat(clone.tags()).isEqualTo(source.tags());
      assertThat(clone.maintenance().verify().problems()).isEmpty();
      assertThat(clone.maintenance().stats().nodeCount()).isEqualTo(cloned.nodesTransferred());
      assertThat(contents(clone.snapshot("dev", Codecs.utf8()))).isEqualTo(contents(source.snapshot("dev", Codecs.utf8())));

      store.namespace("n").set("key-7", "changed");
      store.commit("one change");
      SyncReport pushed = source.transfer().push(clone, "main");
      assertThat(pushed.refsUpdated()).containsExactly("heads/main");
      assertThat(pushed.nodesTransferred()).as("a one-key change sends a commit and a few nodes")
          .isPositive().isLessThan(12);
      assertThat(clone.resolve("main")).isEqualTo(source.resolve("main"));
      assertThat(clone.snapshot("main", Codecs.utf8()).namespace("n").get("key-7")).isEqualTo("changed");
      assertThat(source.transfer().push(clone, "main").nodesTransferred()).as("pushing again sends nothing").isZero();
      assertThat(clone.maintenance().verify().problems()).isEmpty();
    }
  }

  @Contract(value = "copyInto copies every ref (branches, tags, live stores, fetched heads) and everything they "
      + "reach into an empty repository, and throws IllegalArgumentException if the target has refs "
      + "(Transfer.copyInto).",
      catches = "a ref listing that misses names outside heads/ and tags/, so live stores stay behind")
  @Example
  void aCopyMovesEveryRefLiveStoresIncludedToAnotherBackendAndRefusesATargetInUse() {
    Repository source = newRepository();
    commit(source, "main", Map.of("a", "1", "eu/b", "2"));
    source.createTag("v1", "main");
    source.live("settings", Codecs.utf8()).set("mode", "fast");
    try (Repository target = Prolly.inMemory()) {
      SyncReport copied = source.transfer().copyInto(target);
      assertThat(copied.refsUpdated()).containsExactly("heads/main", "live/settings", "tags/v1");
      assertThat(target.live("settings", Codecs.utf8()).get("mode")).isEqualTo("fast");
      assertThat(contents(target.snapshot("v1", Codecs.utf8()))).containsExactly(Map.entry("a", "1"));
      assertThat(target.maintenance().verify().problems()).isEmpty();
      long nodes = target.maintenance().stats().nodeCount();
      assertThatThrownBy(() -> source.transfer().copyInto(target)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("empty");
      assertThatThrownBy(() -> source.transfer().cloneInto(source)).isInstanceOf(IllegalArgumentException.class);
      assertThat(target.maintenance().stats().nodeCount()).isEqualTo(nodes);
    }
  }

  @Contract(value = "Without force only a fast-forward push is allowed; otherwise PushRejectedException and nothing "
      + "changes (Transfer.push).",
      catches = "a remote branch moved without checking that its head is in the pushed history")
  @Example
  void aPushThatWouldDropCommitsIsRefusedUnlessForced() {
    Repository local = newRepository();
    commit(local, "main", Map.of("a", "1"));
    try (Repository remote = Prolly.inMemory()) {
      local.transfer().cloneInto(remote);
      commit(remote, "main", Map.of("remote", "1"));
      commit(local, "main", Map.of("local", "1"));
      var remoteHead = remote.resolve("main");
      long remoteNodes = remote.maintenance().stats().nodeCount();
      assertThatThrownBy(() -> local.transfer().push(remote, "main")).isInstanceOf(PushRejectedException.class)
          .hasMessageContaining("Pull first");
      assertThat(remote.resolve("main")).isEqualTo(remoteHead);
      assertThat(remote.maintenance().stats().nodeCount()).isEqualTo(remoteNodes);
      local.transfer().push(remote, "main", true);
      assertThat(remote.resolve("main")).isEqualTo(local.resolve("main"));
    }
  }

  @Contract(value = "pull fetches the nodes this repository lacks, records the fetched head under fetched/<branch> "
      + "and merges it; if a key stays unresolved the local branch is unchanged (Transfer.pull).",
      catches = "a pull that moves the local branch to the remote head, dropping local commits")
  @Example
  void aPullFetchesAndMergesAndAConflictLeavesTheLocalBranchAlone() {
    Repository local = newRepository();
    commit(local, "main", Map.of("a", "1", "b", "1"));
    try (Repository remote = Prolly.inMemory()) {
      local.transfer().cloneInto(remote);
      commit(remote, "main", Map.of("a", "2"));
      commit(local, "main", Map.of("c", "1"));
      SyncReport pulled = local.transfer().pull(remote, "main");
      assertThat(pulled.merge()).isNotNull();
      assertThat(pulled.merge().kind()).isEqualTo(MergeResult.Kind.MERGED);
      assertThat(contents(local.snapshot("main", Codecs.utf8())))
          .containsExactlyInAnyOrderEntriesOf(Map.of("a", "2", "b", "1", "c", "1"));

      commit(remote, "main", Map.of("b", "remote"));
      commit(local, "main", Map.of("b", "local"));
      var localHead = local.resolve("main");
      assertThatThrownBy(() -> local.transfer().pull(remote, "main")).isInstanceOf(MergeConflictException.class);
      assertThat(local.resolve("main")).isEqualTo(localHead);
      assertThat(local.resolve("fetched/main")).isEqualTo(remote.resolve("main"));
      assertThat(local.maintenance().verify().problems()).isEmpty();

      try (Repository fresh = Prolly.inMemory()) {
        SyncReport first = fresh.transfer().pull(remote, "main");
        assertThat(first.merge().kind()).isEqualTo(MergeResult.Kind.FAST_FORWARD);
        assertThat(fresh.resolve("main")).isEqualTo(remote.resolve("main"));
      }
    }
  }
}

package io.prolly;

import static io.prolly.OpenedResources.refsUnder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.error.MergeConflictException;
import io.prolly.spi.Hash;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Remote-tracking refs through real servers on the loopback address: a fetch, pull or push through
 * a configured remote records the remote's branch under {@code remotes/<name>/<branch>}, so two
 * remotes keep their own heads; a fetch by URL keeps {@code fetched/<branch>}; a clone tracks every
 * branch of origin; renaming or removing a remote takes its tracking refs along.
 */
class RemoteTrackingTest {

  @RegisterExtension final OpenedResources opened = new OpenedResources();

  @Test
  void twoRemotesFetchingTheSameBranchKeepTheirOwnHeadsAndAFetchByUrlKeepsFetched() {
    Repository common = opened.memory();
    RemoteSyncTest.commit(common, "main", 0, 50);
    Repository upstream = opened.memory();
    common.transfer().cloneInto(upstream);
    Repository fork = opened.memory();
    common.transfer().cloneInto(fork);
    RemoteSyncTest.commit(upstream, "main", 100, 5);
    RemoteSyncTest.commit(fork, "main", 200, 7);
    URI upstreamUrl = opened.served(upstream);
    URI forkUrl = opened.served(fork);

    Repository local = opened.memory();
    common.transfer().cloneInto(local);
    local.remotes().add("upstream", upstreamUrl);
    local.remotes().add("fork", forkUrl);
    Remote fromUpstream = local.remotes().remote("upstream", RemoteOptions.defaults());
    Remote fromFork = local.remotes().remote("fork", RemoteOptions.defaults());
    assertThat(fromUpstream.name()).isEqualTo("upstream");

    assertThat(local.transfer().fetch(fromUpstream, "main").refsUpdated()).containsExactly("remotes/upstream/main");
    assertThat(local.transfer().fetch(fromFork, "main").refsUpdated()).containsExactly("remotes/fork/main");
    assertThat(local.resolve("upstream/main")).isEqualTo(upstream.resolve("main"));
    assertThat(local.resolve("fork/main")).isEqualTo(fork.resolve("main")).isNotEqualTo(upstream.resolve("main"));
    assertThat(local.remotes().trackingBranches()).containsExactly(Map.entry("fork/main", fork.resolve("main")),
        Map.entry("upstream/main", upstream.resolve("main")));
    assertThat(refsUnder(local, "fetched/")).as("no fetch without a name happened").isEmpty();
    assertThat(local.resolve("main")).as("a fetch merges nothing").isEqualTo(common.resolve("main"));

    SyncReport byUrl = local.transfer().fetch(Prolly.remote(upstreamUrl), "main");
    assertThat(byUrl.refsUpdated()).containsExactly("fetched/main");
    assertThat(byUrl.nodesTransferred()).as("the nodes are here already").isZero();
    assertThat(local.resolve("fetched/main")).isEqualTo(upstream.resolve("main"));

    RemoteSyncTest.commit(fork, "main", 300, 3);
    SyncReport pulled = local.transfer().pull(fromFork, "main");
    assertThat(pulled.refsUpdated()).containsExactly("remotes/fork/main", "heads/main");
    assertThat(local.resolve("main")).isEqualTo(fork.resolve("main"));
    assertThat(local.resolve("fork/main")).isEqualTo(fork.resolve("main"));
    assertThat(local.resolve("upstream/main")).isEqualTo(upstream.resolve("main"));
    assertThat(local.resolve("fetched/main")).isEqualTo(upstream.resolve("main"));

    // Only the tracking refs hold the upstream commits: a collection keeps them.
    local.maintenance().gc();
    assertThat(local.maintenance().verify().problems()).isEmpty();
    assertThat(RemoteSyncTest.contents(local, "upstream/main")).isEqualTo(RemoteSyncTest.contents(upstream, "main"));
  }

  @Test
  void aConflictingPullKeepsTheRemotesHeadUnderItsTrackingRef() {
    Repository served = opened.memory();
    commitOne(served, "k", "base");
    Repository local = opened.memory();
    served.transfer().cloneInto(local);
    commitOne(local, "k", "ours");
    Hash ours = local.resolve("main");
    commitOne(served, "k", "theirs");
    local.remotes().add("origin", opened.served(served));

    assertThatThrownBy(() -> local.transfer().pull(local.remotes().remote("origin", RemoteOptions.defaults()), "main"))
        .isInstanceOf(MergeConflictException.class);
    assertThat(local.resolve("main")).isEqualTo(ours);
    assertThat(local.resolve("origin/main")).isEqualTo(served.resolve("main"));
    assertThat(refsUnder(local, "fetched/")).isEmpty();
  }

  private static void commitOne(Repository repository, String key, String value) {
    Store<String> store = repository.store("main", Codecs.utf8());
    store.set(key, value);
    store.commit("set " + key);
  }

  @ParameterizedTest
  @ValueSource(strings = {"streamed", "level by level", "shallow"})
  void aCloneTracksEveryBranchOfOriginButNotItsTagsInTheSameTransactionAsTheRefs(String how) {
    Repository served = opened.memory();
    RemoteSyncTest.commit(served, "main", 0, 30);
    served.createBranch("feature/x", "main");
    RemoteSyncTest.commit(served, "feature/x", 100, 3);
    served.createTag("v1", "main");
    Remote remote = Prolly.remote(opened.served(served));

    Repository clone = opened.memory();
    SyncReport cloned = switch (how) {
      case "streamed" -> clone.transfer().cloneFrom(remote);
      case "level by level" -> RemoteSync.cloneFrom(clone, remote, CloneOptions.FULL, false);
      default -> clone.transfer().cloneFrom(remote, CloneOptions.depth(2));
    };
    assertThat(cloned.refsUpdated()).containsExactly("heads/feature/x", "heads/main", "remotes/origin/feature/x",
        "remotes/origin/main", "tags/v1");
    assertThat(clone.remotes().trackingBranches()).containsExactly(
        Map.entry("origin/feature/x", served.resolve("feature/x")), Map.entry("origin/main", served.resolve("main")));
    assertThat(clone.remotes().get(Remotes.ORIGIN).uri()).isEqualTo(remote.uri());
    assertThat(clone.maintenance().verify().problems()).isEmpty();
  }

  @Test
  void aCloneIntoARepositoryThatGotRefsMeanwhileWritesNeitherRefsNorOrigin() {
    Repository served = opened.memory();
    RemoteSyncTest.commit(served, "main", 0, 30);
    Remote remote = Prolly.remote(opened.served(served));
    Repository clone = opened.memory();
    // What a writer racing the clone leaves: the clone checked the repository was empty before fetching.
    clone.setProgressListener((operation, phase, done, total) -> {
      if (done == total && clone.branches().isEmpty()) {
        RemoteSyncTest.commit(clone, "local", 0, 1);
      }
    });
    assertThatThrownBy(() -> clone.transfer().cloneFrom(remote)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot clone into a repository that has refs");
    assertThat(clone.branches()).containsOnlyKeys("local");
    assertThat(clone.remotes().list()).isEmpty();
    assertThat(refsUnder(clone, "remotes/")).isEmpty();
  }

  @Test
  void aPushThroughANamedRemoteMovesItsTrackingRefAndOneByUrlDoesNot() {
    Repository served = opened.memory();
    RemoteSyncTest.commit(served, "main", 0, 30);
    URI url = opened.served(served);
    Repository local = opened.memory();
    local.transfer().cloneFrom(Prolly.remote(url));
    Remote origin = local.remotes().remote(Remotes.ORIGIN, RemoteOptions.defaults());

    RemoteSyncTest.commit(local, "main", 100, 4);
    SyncReport pushed = local.transfer().push(origin, "main");
    assertThat(pushed.refsUpdated()).containsExactly("heads/main");
    assertThat(served.resolve("main")).isEqualTo(local.resolve("main"));
    assertThat(local.resolve("origin/main")).isEqualTo(local.resolve("main"));

    local.createBranch("topic", "main");
    RemoteSyncTest.commit(local, "topic", 200, 2);
    local.transfer().push(Prolly.remote(url), "topic");
    assertThat(served.resolve("topic")).isEqualTo(local.resolve("topic"));
    assertThat(refsUnder(local, "remotes/")).as("a push by URL tracks nothing")
        .containsOnlyKeys("remotes/origin/main");
    assertThat(refsUnder(local, "fetched/")).isEmpty();

    // The branch is on the remote already: a push through the name with nothing to send records it.
    SyncReport upToDate = local.transfer().push(origin, "topic");
    assertThat(upToDate.refsUpdated()).isEmpty();
    assertThat(upToDate.nodesTransferred()).isZero();
    assertThat(local.resolve("origin/topic")).isEqualTo(served.resolve("topic"));
  }

  @Test
  void renamingAndRemovingARemoteMoveAndDeleteWhatItsFetchesRecorded() {
    Repository served = opened.memory();
    RemoteSyncTest.commit(served, "main", 0, 30);
    served.createBranch("dev", "main");
    RemoteSyncTest.commit(served, "dev", 100, 3);
    Repository local = opened.memory();
    local.transfer().cloneFrom(Prolly.remote(opened.served(served)));
    Map<String, String> cloned = RemoteSyncTest.contents(local, "main");
    local.remotes().add("other", local.remotes().get(Remotes.ORIGIN).uri());
    local.transfer().fetch(local.remotes().remote("other", RemoteOptions.defaults()), "dev");
    local.deleteBranch("dev");

    local.remotes().rename(Remotes.ORIGIN, "upstream");
    assertThat(refsUnder(local, "remotes/")).containsOnlyKeys("remotes/upstream/dev", "remotes/upstream/main",
        "remotes/other/dev");
    assertThat(local.resolve("upstream/dev")).isEqualTo(served.resolve("dev"));
    Remote upstream = local.remotes().remote("upstream", RemoteOptions.defaults());
    RemoteSyncTest.commit(served, "main", 200, 2);
    assertThat(local.transfer().fetch(upstream, "main").refsUpdated()).containsExactly("remotes/upstream/main");

    local.remotes().remove("upstream");
    assertThat(refsUnder(local, "remotes/")).containsOnlyKeys("remotes/other/dev");
    assertThat(local.remotes().list()).extracting(NamedRemote::name).containsExactly("other");
    local.remotes().remove("other");
    assertThat(refsUnder(local, "remotes/")).isEmpty();
    // What only the removed refs reached is garbage now; the branch that stayed is whole.
    assertThat(local.maintenance().gc().nodesDeleted()).isPositive();
    assertThat(local.maintenance().verify().problems()).isEmpty();
    assertThat(local.branches()).containsOnlyKeys("main");
    assertThat(RemoteSyncTest.contents(local, "main")).isEqualTo(cloned);
  }
}

package io.prolly;

import static io.prolly.OpenedResources.refsUnder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.error.StaleRemoteException;
import io.prolly.spi.Hash;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A remote removed or renamed while a fetch, pull or push runs through a handle got by its name,
 * against a real server on the loopback address: the change lands between the transfer's first
 * check and its ref write (from the progress listener, which runs on the transfer's thread), and
 * the removed remote's tracking refs are not written again.
 */
class StaleRemoteSyncTest {

  @RegisterExtension final OpenedResources opened = new OpenedResources();

  /** Runs {@code change} once, the first time the repository reports progress of {@code operation}. */
  private static void onceDuring(Repository repository, String operation, Runnable change) {
    AtomicBoolean done = new AtomicBoolean();
    repository.setProgressListener((op, phase, count, total) -> {
      if (op.equals(operation) && done.compareAndSet(false, true)) {
        change.run();
      }
    });
  }

  /** A clone of a served repository that then moved on, so that a fetch has nodes to receive. */
  private Repository cloneBehind(Repository served) {
    RemoteSyncTest.commit(served, "main", 0, 30);
    Repository local = opened.memory();
    local.transfer().cloneFrom(Prolly.remote(opened.served(served)));
    RemoteSyncTest.commit(served, "main", 100, 5);
    return local;
  }

  @Test
  void aFetchWhoseRemoteIsRemovedWhileItRunsFailsAndLeavesTheTrackingRefsGone() {
    Repository served = opened.memory();
    Repository local = cloneBehind(served);
    Hash before = local.resolve("main");
    Remote origin = local.remotes().remote(Remotes.ORIGIN, RemoteOptions.defaults());
    onceDuring(local, "fetch", () -> local.remotes().remove(Remotes.ORIGIN));

    assertThatThrownBy(() -> local.transfer().fetch(origin, "main")).isInstanceOf(StaleRemoteException.class)
        .hasMessageContaining("there is no remote named 'origin' any more: it was removed or renamed while this "
            + "transfer ran, so it wrote no ref");
    assertThat(local.remotes().list()).isEmpty();
    assertThat(refsUnder(local, "remotes/")).as("the remove's deletion stands").isEmpty();
    assertThat(refsUnder(local, "fetched/")).isEmpty();
    assertThat(local.resolve("main")).isEqualTo(before);
    assertThat(local.maintenance().verify().problems()).isEmpty();

    local.setProgressListener(null);
    assertThat(local.transfer().fetch(Prolly.remote(origin.uri()), "main").refsUpdated())
        .as("the URL itself still serves").containsExactly("fetched/main");
  }

  @Test
  void aPullWhoseRemoteIsRenamedWhileItRunsFailsAndTracksNothingUnderTheOldName() {
    Repository served = opened.memory();
    Repository local = cloneBehind(served);
    Hash before = local.resolve("main");
    Remote origin = local.remotes().remote(Remotes.ORIGIN, RemoteOptions.defaults());
    onceDuring(local, "fetch", () -> local.remotes().rename(Remotes.ORIGIN, "upstream"));

    assertThatThrownBy(() -> local.transfer().pull(origin, "main")).isInstanceOf(StaleRemoteException.class)
        .hasMessageContaining("there is no remote named 'origin' any more")
        .hasMessageContaining("A handle does not follow a rename");
    assertThat(refsUnder(local, "remotes/")).as("what the rename moved, as it moved it")
        .containsOnlyKeys("remotes/upstream/main").containsEntry("remotes/upstream/main", before);
    assertThat(local.resolve("main")).as("the pull merged nothing").isEqualTo(before);

    local.setProgressListener(null);
    Remote upstream = local.remotes().remote("upstream", RemoteOptions.defaults());
    assertThat(local.transfer().pull(upstream, "main").refsUpdated())
        .containsExactly("remotes/upstream/main", "heads/main");
    assertThat(local.resolve("main")).isEqualTo(served.resolve("main"));
  }

  @Test
  void aPushWhoseRemoteIsRemovedWhileItRunsLandsAndRecordsNoTrackingRef() {
    Repository served = opened.memory();
    RemoteSyncTest.commit(served, "main", 0, 30);
    Repository local = opened.memory();
    local.transfer().cloneFrom(Prolly.remote(opened.served(served)));
    RemoteSyncTest.commit(local, "main", 100, 4);
    Remote origin = local.remotes().remote(Remotes.ORIGIN, RemoteOptions.defaults());
    onceDuring(local, "push", () -> local.remotes().remove(Remotes.ORIGIN));

    SyncReport pushed = local.transfer().push(origin, "main");
    assertThat(pushed.refsUpdated()).containsExactly("heads/main");
    assertThat(served.resolve("main")).isEqualTo(local.resolve("main"));
    assertThat(refsUnder(local, "remotes/")).as("the removed remote's ref is not written again").isEmpty();
  }

  @Test
  void aHandleWorksAgainOnceItsRemoteIsAddedBackAtTheSameUrl() {
    Repository served = opened.memory();
    Repository local = cloneBehind(served);
    Remote origin = local.remotes().remote(Remotes.ORIGIN, RemoteOptions.defaults());
    local.remotes().remove(Remotes.ORIGIN);
    assertThatThrownBy(() -> local.transfer().fetch(origin, "main")).isInstanceOf(StaleRemoteException.class)
        .hasMessageContaining("so nothing was fetched or sent");
    assertThat(refsUnder(local, "remotes/")).isEmpty();

    local.remotes().add(Remotes.ORIGIN, origin.uri());
    assertThat(local.transfer().fetch(origin, "main").refsUpdated()).containsExactly("remotes/origin/main");
    assertThat(local.resolve("origin/main")).isEqualTo(served.resolve("main"));
  }
}

package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.error.ConcurrencyException;
import io.prolly.error.StaleRemoteException;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.WriteTransaction;
import java.net.URI;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A {@link Remote} got by name stands for the repository's remote of that name as configured now:
 * once it is removed, renamed or given another URL, transfers through the old handle fail with
 * {@link StaleRemoteException} before contacting anything, and the transaction that writes the
 * tracking refs checks it again, so a remove that commits in between is never undone. No server
 * is needed: the URL's port is closed, so a transfer that got past the check would fail with a
 * {@link io.prolly.error.RemoteException} instead.
 */
class StaleRemoteHandleTest {

  /** A port nothing listens on: reaching it fails at once, with another exception than the one asserted. */
  private static final URI CLOSED = URI.create("http://127.0.0.1:1/main");

  private static void oneCommit(Repository repository) {
    Store<String> store = repository.store("main", Codecs.utf8());
    store.set("k", "v");
    store.commit("one");
  }

  private static SortedMap<String, Hash> refsUnder(Repository repository, String prefix) {
    try (ReadTransaction tx = repository.nodeStore().beginRead()) {
      return tx.refs(prefix);
    }
  }

  /** Every transfer that writes a tracking ref, each through the handle. */
  private static void everyTransferFails(Repository repository, Remote handle, Consumer<Throwable> failure) {
    Transfer transfer = repository.transfer();
    for (Consumer<Remote> use : List.<Consumer<Remote>>of(remote -> transfer.fetch(remote, "main"),
        remote -> transfer.fetch(remote, "main", 1), remote -> transfer.pull(remote, "main"),
        remote -> transfer.push(remote, "main"), remote -> transfer.push(remote, "main", true))) {
      assertThatThrownBy(() -> use.accept(handle)).isInstanceOf(StaleRemoteException.class)
          .satisfies(failure);
    }
  }

  @Test
  void aHandleOnARemovedRemoteFailsBeforeContactingAnythingAndWritesNoTrackingRef() {
    try (Repository repository = Prolly.inMemory()) {
      oneCommit(repository);
      repository.remotes().add("origin", CLOSED);
      repository.remotes().add("backup", URI.create("http://127.0.0.1:1/backup"));
      Remote origin = repository.remotes().remote("origin", RemoteOptions.defaults());
      repository.remotes().remove("origin");

      everyTransferFails(repository, origin, failure -> {
        assertThat(((StaleRemoteException) failure).remoteName()).isEqualTo("origin");
        assertThat(failure).hasMessageContaining("there is no remote named 'origin' any more: it was removed or "
                + "renamed after this handle on it was got, so nothing was fetched or sent")
            .hasMessageContaining("The remotes are [backup]")
            .hasMessageContaining("Remotes.remote(name, options)").hasMessageContaining("prolly remote add origin");
      });
      assertThat(refsUnder(repository, "remotes/")).isEmpty();
      assertThat(repository.branches()).containsOnlyKeys("main");
    }
  }

  @Test
  void aHandleOnARenamedRemoteDoesNotFollowTheRenameAndOneGotByTheNewNameTracksUnderIt() {
    try (Repository repository = Prolly.inMemory()) {
      oneCommit(repository);
      repository.remotes().add("origin", CLOSED);
      Remote origin = repository.remotes().remote("origin", RemoteOptions.defaults());
      repository.remotes().rename("origin", "upstream");

      everyTransferFails(repository, origin, failure -> assertThat(failure)
          .hasMessageContaining("there is no remote named 'origin' any more").hasMessageContaining("renamed")
          .hasMessageContaining("A handle does not follow a rename").hasMessageContaining("The remotes are [upstream]"));
      assertThat(refsUnder(repository, "remotes/")).isEmpty();
      Remote upstream = repository.remotes().remote("upstream", RemoteOptions.defaults());
      assertThat(upstream.trackingRef("main")).isEqualTo("remotes/upstream/main");
      repository.remotes().requireCurrent(upstream);
    }
  }

  @Test
  void aHandleOnARemoteGivenAnotherUrlFailsAndSaysWhereItIsNow() {
    try (Repository repository = Prolly.inMemory()) {
      oneCommit(repository);
      repository.remotes().add("origin", CLOSED);
      Remote origin = repository.remotes().remote("origin", RemoteOptions.defaults());
      repository.remotes().setUri("origin", URI.create("http://127.0.0.1:1/moved"));

      everyTransferFails(repository, origin, failure -> assertThat(failure)
          .hasMessageContaining("remote 'origin' is at http://127.0.0.1:1/moved now, not at " + CLOSED)
          .hasMessageContaining("its URL was changed after this handle on it was got")
          .hasMessageContaining("Remotes.remote(\"origin\", options)"));
      assertThat(refsUnder(repository, "remotes/")).isEmpty();
    }
  }

  @Test
  void aHandleStandsForTheNameAndUrlSoARemoteAddedAgainAtTheSameUrlTakesItBack() {
    try (Repository repository = Prolly.inMemory()) {
      repository.remotes().add("origin", CLOSED);
      Remote origin = repository.remotes().remote("origin", RemoteOptions.defaults());
      repository.remotes().remove("origin");
      assertThatThrownBy(() -> repository.remotes().requireCurrent(origin)).isInstanceOf(StaleRemoteException.class);
      repository.remotes().add("origin", CLOSED);
      repository.remotes().requireCurrent(origin);
      try (WriteTransaction tx = repository.beginWrite()) {
        repository.remotes().checkIn(origin).accept(tx);
      }
    }
  }

  @Test
  void aNamedHandleOfARemoteThisRepositoryDoesNotHaveFailsAndOneByUrlPasses() {
    try (Repository repository = Prolly.inMemory(); Repository other = Prolly.inMemory()) {
      oneCommit(repository);
      other.remotes().add("origin", CLOSED);
      Remote theOthers = other.remotes().remote("origin", RemoteOptions.defaults());
      everyTransferFails(repository, theOthers, failure -> assertThat(failure)
          .hasMessageContaining("there is no remote named 'origin'").hasMessageContaining("No remote is configured"));
      everyTransferFails(repository, new NamedRemote("backup", CLOSED).remote(RemoteOptions.defaults()),
          failure -> assertThat(failure).hasMessageContaining("there is no remote named 'backup'"));
      Remote byUrl = Prolly.remote(CLOSED);
      repository.remotes().requireCurrent(byUrl);
      try (WriteTransaction tx = repository.beginWrite()) {
        repository.remotes().checkIn(byUrl).accept(tx);
      }
      assertThat(refsUnder(repository, "remotes/")).isEmpty();
      assertThat(refsUnder(repository, "fetched/")).isEmpty();
    }
  }

  @Test
  void aRemoveCommittedBetweenTheCheckAndTheCommitFailsTheTrackingWrite() {
    try (Repository repository = Prolly.inMemory()) {
      oneCommit(repository);
      Hash head = repository.resolve("main");
      repository.remotes().add("origin", CLOSED);
      Remote origin = repository.remotes().remote("origin", RemoteOptions.defaults());
      Consumer<WriteTransaction> check = repository.remotes().checkIn(origin);
      try (WriteTransaction tx = repository.beginWrite()) {
        check.accept(tx);
        tx.setRef("remotes/origin/main", null, head);
        repository.remotes().remove("origin"); // commits while the tracking write is open
        assertThatThrownBy(tx::commit).isInstanceOf(ConcurrencyException.class);
      }
      assertThat(refsUnder(repository, "remotes/")).as("the removed remote's ref is not written again").isEmpty();
    }
  }

  @Test
  void aTrackingWriteThatLostItsRaceToARemoveIsTriedAgainAndThenFailsAsStale() {
    try (Repository repository = Prolly.inMemory()) {
      oneCommit(repository);
      repository.remotes().add("origin", CLOSED);
      Remote origin = repository.remotes().remote("origin", RemoteOptions.defaults());
      AtomicInteger attempts = new AtomicInteger();

      assertThatThrownBy(() -> repository.remotes().retryWhileReconfigured(origin,
          () -> writeTracking(repository, origin, attempts, () -> repository.remotes().remove("origin"))))
          .isInstanceOf(StaleRemoteException.class).hasMessageContaining("there is no remote named 'origin' any more")
          .hasMessageContaining("while this transfer ran, so it wrote no ref");
      assertThat(attempts).hasValue(2);
      assertThat(refsUnder(repository, "remotes/")).isEmpty();
    }
  }

  @Test
  void aTrackingWriteThatLostItsRaceToAnotherRemotesChangeIsTriedAgainAndLands() {
    try (Repository repository = Prolly.inMemory()) {
      oneCommit(repository);
      repository.remotes().add("origin", CLOSED);
      Remote origin = repository.remotes().remote("origin", RemoteOptions.defaults());
      AtomicInteger attempts = new AtomicInteger();

      repository.remotes().retryWhileReconfigured(origin, () -> writeTracking(repository, origin, attempts,
          () -> repository.remotes().add("backup", URI.create("http://127.0.0.1:1/backup"))));
      assertThat(attempts).hasValue(2);
      assertThat(refsUnder(repository, "remotes/")).containsOnlyKeys("remotes/origin/main");
      assertThat(repository.remotes().list()).extracting(NamedRemote::name).containsExactly("backup", "origin");
    }
  }

  @Test
  void aTrackingWriteThatLostAnotherRaceIsNotTriedAgain() {
    try (Repository repository = Prolly.inMemory()) {
      oneCommit(repository);
      repository.remotes().add("origin", CLOSED);
      Remote origin = repository.remotes().remote("origin", RemoteOptions.defaults());
      AtomicInteger attempts = new AtomicInteger();

      assertThatThrownBy(() -> repository.remotes().retryWhileReconfigured(origin,
          () -> writeTracking(repository, origin, attempts, () -> {
            Store<String> main = repository.store("main", Codecs.utf8());
            main.set("k", "w");
            main.commit("meanwhile");
          }))).isInstanceOf(ConcurrencyException.class);
      assertThat(attempts).hasValue(1);
      assertThat(refsUnder(repository, "remotes/")).isEmpty();
    }
  }

  /**
   * A tracking write as a fetch makes it: the check, the ref, and an assertion of {@code main} (as
   * a pull's fast-forward makes); on its first attempt {@code meanwhile} commits before it does.
   */
  private static Void writeTracking(Repository repository, Remote remote, AtomicInteger attempts, Runnable meanwhile) {
    int attempt = attempts.incrementAndGet();
    Consumer<WriteTransaction> check = repository.remotes().checkIn(remote);
    try (WriteTransaction tx = repository.beginWrite()) {
      check.accept(tx);
      Hash main = tx.ref("heads/main");
      tx.setRef("heads/main", main, main);
      tx.setRef(remote.trackingRef("main"), tx.ref(remote.trackingRef("main")), main);
      if (attempt == 1) {
        meanwhile.run();
      }
      tx.commit();
    }
    return null;
  }
}

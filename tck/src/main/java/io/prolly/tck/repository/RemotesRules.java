package io.prolly.tck.repository;

import static io.prolly.tck.repository.MergeRules.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.NamedRemote;
import io.prolly.Prolly;
import io.prolly.Remote;
import io.prolly.RemoteOptions;
import io.prolly.Remotes;
import io.prolly.Repository;
import io.prolly.error.StaleRemoteException;
import io.prolly.spi.Durability;
import io.prolly.spi.StoreConfig;
import io.prolly.tck.BackendFixture;
import io.prolly.tck.Contract;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import net.jqwik.api.Example;

/**
 * The remotes a repository remembers by name: kept in the store, beside the history but not in
 * it, so they survive a reopen and a collection, and travel with a copy but not with a clone or a
 * bundle; a handle got by a name stops with its remote.
 */
abstract class RemotesRules extends RulesBase {

  private static final URI ORIGIN = URI.create("http://127.0.0.1:8080/main");
  private static final URI BACKUP = URI.create("https://backup.example:9443/main");

  RemotesRules(BackendFixture fixture) {
    super(fixture);
  }

  @Contract(value = "Remotes added, renamed, changed and removed through Repository.remotes() are kept in the "
      + "store: a reopened repository lists the same, and garbage collection keeps them (Remotes).",
      catches = "a backend that drops refs outside heads/ and tags/ on reopen, or a collection that does not mark "
          + "from every ref")
  @Example
  void remotesSurviveAReopenAndACollection() {
    Path directory = newDirectory("prolly-remotes-tck-");
    StoreConfig config = fixture().config(directory).toBuilder().durability(Durability.EVENTUAL).build();
    List<NamedRemote> expected = List.of(new NamedRemote("mirror", BACKUP), new NamedRemote("origin", ORIGIN));
    try (Repository repository = Prolly.over(fixture().provider().open(config))) {
      commit(repository, "main", Map.of("a", "1"));
      repository.remotes().add("origin", URI.create("http://127.0.0.1:1/old"));
      repository.remotes().add("backup", BACKUP);
      repository.remotes().setUri("origin", ORIGIN);
      repository.remotes().rename("backup", "mirror");
      repository.remotes().add("gone", ORIGIN);
      repository.remotes().remove("gone");
      commit(repository, "main", Map.of("a", "2"));
      repository.createBranch("dropped", "main");
      commit(repository, "dropped", Map.of("b", "3"));
      repository.deleteBranch("dropped");

      assertThat(repository.maintenance().gc().nodesDeleted()).as("the dropped branch is garbage").isPositive();
      assertThat(repository.remotes().list()).isEqualTo(expected);
      assertThat(repository.maintenance().verify().problems()).isEmpty();
      assertThat(repository.branches()).containsOnlyKeys("main");
    }
    if (fixture().persistent()) {
      try (Repository reopened = Prolly.over(fixture().provider().open(config))) {
        assertThat(reopened.remotes().list()).isEqualTo(expected);
        assertThat(reopened.remotes().get("origin").uri()).isEqualTo(ORIGIN);
      }
    }
  }

  @Contract(value = "A Remote got by name stands for its remote as configured now: after a remove, a rename or a "
      + "new URL, fetch, pull and push through it throw StaleRemoteException naming it, before contacting anything, "
      + "and write no tracking ref, while a handle got by the name now is current (Remotes.remote, "
      + "StaleRemoteException).",
      catches = "a configuration read that is not the store's latest, so a removed remote's handle fetches on and "
          + "writes the tracking refs the remove deleted again")
  @Example
  void aHandleOnARemovedRenamedOrRepointedRemoteIsStale() {
    // Nothing listens on port 1: a transfer that got past the check would fail with a RemoteException instead.
    URI closed = URI.create("http://127.0.0.1:1/main");
    Repository repository = newRepository();
    commit(repository, "main", Map.of("a", "1"));
    Remotes remotes = repository.remotes();
    remotes.add("origin", closed);
    Remote removed = remotes.remote("origin", RemoteOptions.defaults());
    remotes.remove("origin");
    remotes.add("origin", closed);
    Remote renamed = remotes.remote("origin", RemoteOptions.defaults());
    remotes.rename("origin", "upstream");
    Remote repointed = remotes.remote("upstream", RemoteOptions.defaults());
    remotes.setUri("upstream", URI.create("http://127.0.0.1:1/moved"));

    for (Remote stale : List.of(removed, renamed, repointed)) {
      for (Consumer<Remote> use : List.<Consumer<Remote>>of(remote -> repository.transfer().fetch(remote, "main"),
          remote -> repository.transfer().pull(remote, "main"), remote -> repository.transfer().push(remote, "main"))) {
        assertThatThrownBy(() -> use.accept(stale)).isInstanceOf(StaleRemoteException.class)
            .hasMessageContaining("'" + stale.name() + "'")
            .satisfies(failure -> assertThat(((StaleRemoteException) failure).remoteName()).isEqualTo(stale.name()));
      }
    }
    assertThat(remotes.trackingBranches()).isEmpty();
    assertThat(remotes.list()).containsExactly(new NamedRemote("upstream", URI.create("http://127.0.0.1:1/moved")));
    assertThat(repository.branches()).containsOnlyKeys("main");
  }

  @Contract(value = "The remotes are configuration, not history: cloneInto and bundles leave them behind, "
      + "copyInto takes them with every other ref (Remotes, Transfer).",
      catches = "a clone that copies every ref instead of the branches and tags, so a clone inherits the source's "
          + "remotes")
  @Example
  void clonesAndBundlesLeaveTheRemotesBehindACopyTakesThem() throws Exception {
    Repository source = newRepository();
    commit(source, "main", Map.of("a", "1"));
    source.remotes().add("origin", ORIGIN);
    try (Repository clone = Prolly.inMemory(); Repository copy = Prolly.inMemory();
        Repository imported = Prolly.inMemory()) {
      source.transfer().cloneInto(clone);
      assertThat(clone.remotes().list()).isEmpty();
      ByteArrayOutputStream bundle = new ByteArrayOutputStream();
      source.transfer().exportBundle(bundle);
      imported.transfer().importBundle(new ByteArrayInputStream(bundle.toByteArray()));
      assertThat(imported.remotes().list()).isEmpty();
      assertThat(imported.branches()).isEqualTo(source.branches());
      source.transfer().copyInto(copy);
      assertThat(copy.remotes().list()).containsExactly(new NamedRemote("origin", ORIGIN));
    }
  }
}

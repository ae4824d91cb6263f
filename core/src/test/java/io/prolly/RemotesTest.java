package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.error.ConcurrencyException;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.WriteTransaction;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The remotes a repository remembers by name: which names and URLs are accepted, what the
 * messages say (never a token), and that concurrent changes of one remote cannot both land.
 */
class RemotesTest {

  private static final URI ORIGIN = URI.create("http://127.0.0.1:8080/main");

  @ParameterizedTest
  @ValueSource(strings = {"origin", "o", "backup-2", "eu_west.1", "Upstream", "3rd", "données"})
  void namesOfLettersDigitsDotsUnderscoresAndDashesAreAccepted(String name) {
    assertThat(Remotes.checkName(name)).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a/b", "a b", "a\tb", "-origin", ".origin", "_x", "a..b", "origin.", "origin.lock",
      "a:b", "http://host/x", "a~1", "a^", "a@{1}", "a*", "a\\b", "o\u0000"})
  void namesThatCouldBeTakenForAPathAUrlAnOptionOrARevisionAreRefused(String name) {
    assertThatThrownBy(() -> Remotes.checkName(name)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a valid remote name").hasMessageContaining("letters, digits");
  }

  @Test
  void aNameLongerThanTheLimitIsRefusedAndOneAtTheLimitIsNot() {
    String longest = "r".repeat(Remotes.MAX_NAME_LENGTH);
    assertThat(Remotes.checkName(longest)).isEqualTo(longest);
    assertThatThrownBy(() -> Remotes.checkName(longest + "r")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than " + Remotes.MAX_NAME_LENGTH);
  }

  @Test
  void addListGetSetUriRenameAndRemoveKeepTheConfiguration() {
    try (Repository repository = Prolly.inMemory()) {
      Remotes remotes = repository.remotes();
      assertThat(remotes.list()).isEmpty();
      assertThat(remotes.find("origin")).isNull();

      NamedRemote added = remotes.add("origin", URI.create("HTTP://127.0.0.1:8080/main/"));
      assertThat(added.uri()).as("normalised as Remote.uri() is").isEqualTo(ORIGIN);
      remotes.add("backup", URI.create("https://backup.example:9443/main"));
      assertThat(remotes.list()).extracting(NamedRemote::name).containsExactly("backup", "origin");
      assertThat(remotes.get("origin")).isEqualTo(new NamedRemote("origin", ORIGIN));
      assertThat(remotes.remote("origin", RemoteOptions.defaults()).uri()).isEqualTo(ORIGIN);

      assertThat(remotes.setUri("origin", URI.create("http://10.0.0.1:8080/other")).uri())
          .isEqualTo(URI.create("http://10.0.0.1:8080/other"));
      assertThat(repository.remotes().get("origin").uri()).isEqualTo(URI.create("http://10.0.0.1:8080/other"));

      assertThat(remotes.rename("backup", "mirror").name()).isEqualTo("mirror");
      assertThat(remotes.list()).extracting(NamedRemote::name).containsExactly("mirror", "origin");
      assertThat(remotes.get("mirror").uri()).isEqualTo(URI.create("https://backup.example:9443/main"));

      remotes.remove("mirror");
      assertThat(remotes.list()).extracting(NamedRemote::name).containsExactly("origin");
      assertThat(repository.branches()).as("the configuration is no branch").isEmpty();
    }
  }

  @Test
  void refusalsSayWhatIsWrongListTheRemotesAndWriteNothing() {
    try (Repository repository = Prolly.inMemory()) {
      Remotes remotes = repository.remotes();
      assertThatThrownBy(() -> remotes.get("origin")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no remote named 'origin'").hasMessageContaining("no remote is configured")
          .hasMessageContaining("prolly remote add origin URL");
      remotes.add("origin", ORIGIN);
      remotes.add("backup", URI.create("http://127.0.0.1:9090/main"));
      List<NamedRemote> before = remotes.list();

      assertThatThrownBy(() -> remotes.remove("upstream")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no remote named 'upstream'").hasMessageContaining("the remotes are [backup, origin]");
      assertThatThrownBy(() -> remotes.setUri("upstream", ORIGIN)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("the remotes are [backup, origin]");
      assertThatThrownBy(() -> remotes.add("origin", URI.create("http://127.0.0.1:1/x")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("already a remote named 'origin', at " + ORIGIN).hasMessageContaining("set-url");
      assertThatThrownBy(() -> remotes.rename("backup", "origin")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("already a remote of that name");
      assertThatThrownBy(() -> remotes.rename("backup", "a/b")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not a valid remote name");
      assertThatThrownBy(() -> remotes.add("mirror", URI.create("ftp://host/x")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an http:// or https:// URL");
      assertThatThrownBy(() -> remotes.add("mirror", URI.create("http://host:1/")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must name one repository");
      assertThat(remotes.list()).isEqualTo(before);
      assertThat(remotes.rename("origin", "origin")).isEqualTo(before.get(1));
    }
  }

  @Test
  void aUrlWithUserInfoIsRefusedWithoutShowingIt() {
    try (Repository repository = Prolly.inMemory()) {
      for (String url : List.of("http://s3cret@127.0.0.1:8080/main", "https://user:s3cret@host/main",
          "http://s3cret@a@host/main")) {
        assertThatThrownBy(() -> repository.remotes().add("origin", URI.create(url)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user info")
            .hasMessageContaining("***@").hasMessageContaining("--token-file")
            .satisfies(refused -> assertThat(refused.getMessage()).doesNotContain("s3cret"));
      }
      assertThatThrownBy(() -> new NamedRemote("origin", URI.create("http://s3cret@host/main")))
          .isInstanceOf(IllegalArgumentException.class)
          .satisfies(refused -> assertThat(refused.getMessage()).doesNotContain("s3cret"));
      assertThat(repository.remotes().list()).isEmpty();
    }
  }

  @Test
  void ofWritersAddingTheSameNameAtOnceExactlyOneSucceedsAndItsUrlIsKept() throws Exception {
    int writers = 4;
    for (int round = 0; round < 5; round++) {
      try (Repository repository = Prolly.inMemory()) {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        try {
          List<Future<URI>> adds = new ArrayList<>();
          for (int w = 0; w < writers; w++) {
            URI uri = URI.create("http://127.0.0.1:" + (8000 + w) + "/main");
            adds.add(pool.submit(() -> {
              start.await();
              return repository.remotes().add("origin", uri).uri();
            }));
          }
          start.countDown();
          List<URI> succeeded = new ArrayList<>();
          for (Future<URI> add : adds) {
            try {
              succeeded.add(add.get());
            } catch (java.util.concurrent.ExecutionException failed) {
              assertThat(failed.getCause()).isInstanceOfAny(IllegalArgumentException.class,
                  ConcurrencyException.class);
            }
          }
          assertThat(succeeded).hasSize(1);
          assertThat(repository.remotes().get("origin").uri()).isEqualTo(succeeded.get(0));
        } finally {
          pool.shutdownNow();
        }
      }
    }
  }

  @Test
  void writersChangingDifferentRemotesAtOnceAllLand() throws Exception {
    int writers = 4;
    try (Repository repository = Prolly.inMemory()) {
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      try {
        List<Future<?>> adds = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          int writer = w;
          adds.add(pool.submit(() -> {
            for (int i = 0; i < 10; i++) {
              repository.remotes().add("r" + writer + "-" + i, URI.create("http://127.0.0.1:1/r" + i));
            }
            return null;
          }));
        }
        for (Future<?> add : adds) {
          add.get();
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(repository.remotes().list()).hasSize(writers * 10);
    }
  }

  @Test
  void aDamagedEntryFailsClearlyAndCanBeSetAgainOrRemoved() {
    try (Repository repository = Prolly.inMemory()) {
      repository.live(Remotes.STORE, Codecs.utf8()).set("origin", "not a url");
      assertThatThrownBy(() -> repository.remotes().list()).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("remote 'origin'").hasMessageContaining("setUri or remove");
      assertThatThrownBy(() -> repository.remotes().get("upstream")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("the remotes are [origin]");
      repository.remotes().setUri("origin", ORIGIN);
      assertThat(repository.remotes().get("origin").uri()).isEqualTo(ORIGIN);
      repository.live(Remotes.STORE, Codecs.utf8()).set("backup", "");
      repository.remotes().remove("backup");
      assertThat(repository.remotes().list()).containsExactly(new NamedRemote("origin", ORIGIN));
    }
  }

  private static void oneCommit(Repository repository) {
    Store<String> store = repository.store("main", Codecs.utf8());
    store.set("k", "v");
    store.commit("one");
  }

  /** Sets refs as fetches through named remotes leave them, pointing at the repository's one commit. */
  private static Hash setRefs(Repository repository, String... refs) {
    Hash head = repository.resolve("main");
    try (WriteTransaction tx = repository.nodeStore().beginWrite()) {
      for (String ref : refs) {
        tx.setRef(ref, null, head);
      }
      tx.commit();
    }
    return head;
  }

  private static SortedMap<String, Hash> refsUnder(Repository repository, String prefix) {
    try (ReadTransaction tx = repository.nodeStore().beginRead()) {
      return tx.refs(prefix);
    }
  }

  @Test
  void aRenameRenamesTheRemotesTrackingRefsAndARemovalDeletesThemLeavingOtherRemotesAlone() {
    try (Repository repository = Prolly.inMemory()) {
      oneCommit(repository);
      Remotes remotes = repository.remotes();
      remotes.add("origin", ORIGIN);
      remotes.add("o", URI.create("http://127.0.0.1:8081/main"));
      Hash head = setRefs(repository, "remotes/origin/main", "remotes/origin/feature/x", "remotes/o/main",
          "remotes/origin.2/main", "remotes/mirror/stale", "fetched/main");
      assertThat(remotes.trackingBranches()).containsOnlyKeys("mirror/stale", "o/main", "origin.2/main", "origin/main",
          "origin/feature/x");

      remotes.rename("origin", "mirror");
      assertThat(remotes.list()).extracting(NamedRemote::name).containsExactly("mirror", "o");
      assertThat(refsUnder(repository, "remotes/")).as("the stale ref under the new name is replaced")
          .containsOnlyKeys("remotes/mirror/main", "remotes/mirror/feature/x", "remotes/o/main", "remotes/origin.2/main");
      assertThat(repository.resolve("mirror/feature/x")).isEqualTo(head);
      assertThat(repository.resolve("fetched/main")).isEqualTo(head);

      remotes.remove("mirror");
      assertThat(refsUnder(repository, "remotes/")).containsOnlyKeys("remotes/o/main", "remotes/origin.2/main");
      assertThat(repository.resolve("fetched/main")).isEqualTo(head);
      assertThat(remotes.list()).extracting(NamedRemote::name).containsExactly("o");
      assertThat(repository.maintenance().verify().problems()).isEmpty();
    }
  }

  @Test
  void aRenameThatCannotMoveEveryTrackingRefWritesNothing() {
    try (Repository repository = Prolly.inMemory()) {
      oneCommit(repository);
      repository.remotes().add("o", ORIGIN);
      String longest = "b".repeat(io.prolly.commit.RefNames.MAX_BYTES);
      setRefs(repository, "remotes/o/main", Remotes.trackingRef("o", longest));
      String longName = "n".repeat(Remotes.MAX_NAME_LENGTH);
      assertThatThrownBy(() -> repository.remotes().rename("o", longName)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("too long a name to track under remote '" + longName + "'");
      assertThat(repository.remotes().list()).containsExactly(new NamedRemote("o", ORIGIN));
      assertThat(refsUnder(repository, "remotes/")).containsOnlyKeys("remotes/o/main", "remotes/o/" + longest);
      assertThat(repository.remotes().rename("o", "p").name()).isEqualTo("p");
      assertThat(refsUnder(repository, "remotes/")).containsOnlyKeys("remotes/p/main", "remotes/p/" + longest);
    }
  }

  @Test
  void trackingRefsAreNamedAfterTheRemoteAndTheBranchAndBranchCommandsCannotShadowThem() {
    assertThat(Remotes.trackingRef("origin", "feature/x")).isEqualTo("remotes/origin/feature/x");
    assertThatThrownBy(() -> Remotes.trackingRef("a/b", "main")).hasMessageContaining("not a valid remote name");
    assertThatThrownBy(() -> Remotes.trackingRef("origin", "a..b")).hasMessageContaining("not a valid branch name");
    assertThat(Prolly.remote(ORIGIN).trackingRef("main")).isEqualTo("fetched/main");
    assertThat(new NamedRemote("backup", ORIGIN).remote(RemoteOptions.defaults()).trackingRef("main"))
        .isEqualTo("remotes/backup/main");
    assertThat(Prolly.remote(ORIGIN).name()).isNull();
    try (Repository repository = Prolly.inMemory()) {
      oneCommit(repository);
      assertThatThrownBy(() -> repository.createBranch("remotes/origin/main", "main"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("starting with 'remotes/'");
      assertThatThrownBy(() -> repository.createTag("fetched/main", "main"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("starting with 'fetched/'");
      assertThat(repository.branches()).containsOnlyKeys("main");
      assertThat(repository.remotes().trackingBranches()).isEmpty();
    }
  }
}

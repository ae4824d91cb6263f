package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.error.ConcurrencyException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
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
}

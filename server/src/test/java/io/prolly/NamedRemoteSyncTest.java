package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.server.Access;
import io.prolly.server.ProllyServer;
import io.prolly.spi.ReadTransaction;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remotes remembered by name, through a real server on the loopback address: a clone records its
 * source as origin without the token it was reached with, and a fetch, pull and push by name move
 * history as by URL.
 */
class NamedRemoteSyncTest {

  private static final String WRITER = "writer-secret-41b7";

  @TempDir Path directory;
  @RegisterExtension final OpenedResources opened = new OpenedResources();

  private ProllyServer serve(Repository repository) {
    return opened.add(ProllyServer.builder().address(InetAddress.getLoopbackAddress()).port(0)
        .serve("repo", repository).token("ci", Access.READ_WRITE, "repo", ProllyServer.tokenHash(WRITER)).start());
  }

  @Test
  void aCloneRecordsOriginWithoutTheTokenAndFetchPullAndPushByNameMoveHistory() throws Exception {
    Repository served = opened.memory();
    RemoteSyncTest.commit(served, "main", 0, 200);
    ProllyServer server = serve(served);
    URI url = URI.create("http://127.0.0.1:" + server.port() + "/repo");
    RemoteOptions writer = RemoteOptions.defaults().withToken(WRITER);

    Path clonePath = directory.resolve("clone.prolly");
    try (Repository clone = Prolly.open(clonePath)) {
      SyncReport cloned = clone.transfer().cloneFrom(Prolly.remote(
          URI.create("http://ci:" + WRITER + "@127.0.0.1:" + server.port() + "/repo")));
      assertThat(cloned.refsUpdated()).as("the configuration is not a ref of the history")
          .containsExactly("heads/main", "remotes/origin/main");
      assertThat(clone.remotes().list()).containsExactly(new NamedRemote(Remotes.ORIGIN, url));
      try (ReadTransaction tx = clone.nodeStore().beginRead()) {
        assertThat(tx.refs("").keySet()).noneMatch(ref -> ref.contains(WRITER));
      }
      assertThat(clone.maintenance().verify().problems()).isEmpty();
    }

    try (Repository clone = Prolly.open(clonePath)) {
      Remote origin = clone.remotes().remote(Remotes.ORIGIN, writer);
      assertThat(origin.uri()).isEqualTo(url);
      RemoteSyncTest.commit(served, "main", 1000, 5);
      assertThat(clone.transfer().fetch(origin, "main").refsUpdated()).containsExactly("remotes/origin/main");
      assertThat(clone.resolve("origin/main")).isEqualTo(served.resolve("main"));
      assertThat(clone.transfer().pull(origin, "main").merge().kind()).isEqualTo(io.prolly.merge.MergeResult.Kind
          .FAST_FORWARD);
      RemoteSyncTest.commit(clone, "main", 2000, 5);
      assertThat(clone.transfer().push(origin, "main").refsUpdated()).containsExactly("heads/main");
      assertThat(served.resolve("main")).isEqualTo(clone.resolve("main"));
      assertThat(clone.resolve("origin/main")).as("a push moves the tracking ref").isEqualTo(clone.resolve("main"));
      assertThat(RemoteSyncTest.contents(served, "main")).isEqualTo(RemoteSyncTest.contents(clone, "main"));
    }
  }

  @Test
  void aFailedCloneRecordsNoOriginAndCloningAgainDoes() {
    Repository served = opened.memory();
    RemoteSyncTest.commit(served, "main", 0, 20);
    ProllyServer server = serve(served);
    URI url = URI.create("http://127.0.0.1:" + server.port() + "/repo");
    Repository clone = opened.memory();
    assertThatThrownBy(() -> clone.transfer().cloneFrom(Prolly.remote(url)))
        .isInstanceOf(io.prolly.error.RemoteException.class).hasMessageContaining("needs a token");
    assertThat(clone.remotes().list()).as("a clone refused for want of a token").isEmpty();
    assertThat(clone.branches()).isEmpty();
    clone.transfer().cloneFrom(Prolly.remote(url, RemoteOptions.defaults().withToken(WRITER)));
    assertThat(clone.remotes().get(Remotes.ORIGIN).uri()).isEqualTo(url);
  }
}

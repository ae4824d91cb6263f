package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.error.PartialRepositoryException;
import io.prolly.server.ProllyServer;
import io.prolly.spi.Hash;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Shallow clones, deepening fetches and clones of selected namespaces through a real server on the loopback address. */
class PartialRemoteTest {

  @TempDir Path directory;
  @RegisterExtension final OpenedResources opened = new OpenedResources();

  private <T extends AutoCloseable> T open(T resource) {
    opened.add(resource);
    return resource;
  }

  private ProllyServer serve(Repository repository) {
    return open(ProllyServer.builder().address(InetAddress.getLoopbackAddress()).port(0).serve("repo", repository)
        .start());
  }

  /** An origin with {@code commits} commits on main, each touching the root namespace and ns0 to ns2. */
  private Repository origin(int commits) {
    Repository origin = open(Prolly.open("memory:"));
    for (int i = 0; i < commits; i++) {
      RemoteSyncTest.commit(origin, "main", i * 100, 100);
    }
    return origin;
  }

  @Test
  void aShallowCloneOverHttpSurvivesAReopenDeepensAndUnshallowsToAVerifiedWhole() {
    Repository origin = origin(6);
    List<Hash> history = origin.log("main").map(CommitInfo::id).toList();
    Remote remote = RemoteSyncTest.remoteOf(serve(origin));
    assertThat(remote.listing().capabilities()).contains("shallow");
    Path location = directory.resolve("clone.prolly");
    long shallowNodes;
    try (Repository clone = Prolly.open(location)) {
      shallowNodes = clone.transfer().cloneFrom(remote, CloneOptions.depth(2)).nodesTransferred();
      assertThat(clone.log("main").map(CommitInfo::id).toList()).isEqualTo(history.subList(0, 2));
    }
    try (Repository clone = Prolly.open(location)) {
      assertThat(clone.partialState().shallowCommits()).containsExactly(history.get(1));
      assertThat(clone.commitInfo("main~1").parents()).containsExactly(history.get(2));
      VerifyReport report = clone.maintenance().verify();
      assertThat(report.problems()).isEmpty();
      assertThat(report.isPartial()).isTrue();
      assertThat(RemoteSyncTest.contents(clone, "main")).isEqualTo(RemoteSyncTest.contents(origin, "main"));
      assertThatThrownBy(() -> clone.log("main~2").count()).isInstanceOf(PartialRepositoryException.class);

      long deepened = clone.transfer().fetch(remote, "main", 4).nodesTransferred();
      assertThat(deepened).isPositive();
      assertThat(clone.log("main").map(CommitInfo::id).toList()).isEqualTo(history.subList(0, 4));
      assertThat(clone.partialState().shallowCommits()).containsExactly(history.get(3));

      RemoteSyncTest.commit(origin, "main", 10_000, 10);
      clone.transfer().fetch(remote, "main", Transfer.UNSHALLOW);
      assertThat(clone.partialState().isPartial()).isFalse();
      assertThat(clone.log("fetched/main").count()).isEqualTo(7);
      VerifyReport whole = clone.maintenance().verify();
      assertThat(whole.problems()).isEmpty();
      assertThat(whole.isPartial()).isFalse();
      assertThat(whole.commitsChecked()).as("the branch's 7, and the one of the remotes a clone records").isEqualTo(8);
    }
    try (Repository full = Prolly.open("memory:")) {
      assertThat(full.transfer().cloneFrom(remote).nodesTransferred()).as("a shallow clone fetches less")
          .isGreaterThan(shallowNodes);
    }
  }

  @Test
  void aPlainFetchIntoAShallowCloneTakesOnlyTheNewCommitsAndStaysShallow() {
    Repository origin = origin(4);
    Remote remote = RemoteSyncTest.remoteOf(serve(origin));
    Repository clone = open(Prolly.open("memory:"));
    clone.transfer().cloneFrom(remote, CloneOptions.depth(1));
    Hash boundary = clone.resolve("main");
    RemoteSyncTest.commit(origin, "main", 5000, 20);
    clone.transfer().pull(remote, "main");
    assertThat(clone.log("main").count()).isEqualTo(2);
    assertThat(clone.partialState().shallowCommits()).containsExactly(boundary);
    assertThat(clone.maintenance().verify().problems()).isEmpty();
    assertThat(RemoteSyncTest.contents(clone, "main")).isEqualTo(RemoteSyncTest.contents(origin, "main"));
  }

  @Test
  void aCloneOfSelectedNamespacesFetchesOnlyThemCommitsAndPushesBack() {
    Repository origin = origin(3);
    Remote remote = RemoteSyncTest.remoteOf(serve(origin));
    Repository clone = open(Prolly.open("memory:"));
    long partialNodes = clone.transfer().cloneFrom(remote, CloneOptions.namespaces("ns1")).nodesTransferred();
    try (Repository full = Prolly.open("memory:")) {
      assertThat(full.transfer().cloneFrom(remote).nodesTransferred()).isGreaterThan(partialNodes);
    }
    assertThat(clone.partialState().namespaces()).containsExactly("ns1");
    Snapshot<String> main = clone.snapshot("main", Codecs.utf8());
    assertThat(main.namespace("ns1").get("k1")).isEqualTo("v1");
    assertThatThrownBy(() -> main.namespace("ns2").get("k2")).isInstanceOfSatisfying(
        PartialRepositoryException.class, e -> assertThat(e.missing()).isEqualTo("ns2"))
        .hasMessageContaining("--namespace ns2");
    assertThat(clone.log("main").count()).isEqualTo(3);
    VerifyReport report = clone.maintenance().verify();
    assertThat(report.problems()).isEmpty();
    assertThat(report.isPartial()).isTrue();

    Store<String> store = clone.store("main", Codecs.utf8());
    store.namespace("ns1").set("added", "on the partial clone");
    store.commit("edit ns1");
    clone.transfer().push(remote, "main");
    assertThat(origin.snapshot("main", Codecs.utf8()).namespace("ns1").get("added"))
        .isEqualTo("on the partial clone");
    assertThat(origin.snapshot("main", Codecs.utf8()).namespace("ns2").get("k2")).isEqualTo("v2");
    assertThat(origin.maintenance().verify().problems()).isEmpty();
  }

  @Test
  void aShallowCloneOfOneNamespaceUnshallowsToTheWholeHistoryOfThatNamespaceOnly() {
    Repository origin = origin(4);
    Remote remote = RemoteSyncTest.remoteOf(serve(origin));
    Repository clone = open(Prolly.open("memory:"));
    clone.transfer().cloneFrom(remote, CloneOptions.namespaces("ns0").withDepth(1));
    assertThat(clone.partialState().isShallow()).isTrue();
    assertThat(clone.log("main").count()).isEqualTo(1);
    clone.transfer().fetch(remote, "main", Transfer.UNSHALLOW);
    PartialState state = clone.partialState();
    assertThat(state.isShallow()).isFalse();
    assertThat(state.namespaces()).containsExactly("ns0");
    assertThat(clone.log("main").count()).isEqualTo(4);
    assertThat(clone.snapshot("main~3", Codecs.utf8()).namespace("ns0").get("k0")).isEqualTo("v0");
    assertThatThrownBy(() -> clone.snapshot("main~3", Codecs.utf8()).namespace("ns1").get("k1"))
        .isInstanceOf(PartialRepositoryException.class);
    VerifyReport report = clone.maintenance().verify();
    assertThat(report.problems()).isEmpty();
    assertThat(report.commitsChecked()).as("the branch's 4, and the one of the remotes a clone records").isEqualTo(5);
    assertThat(report.isPartial()).isTrue();
  }

  @Test
  void aPushFromAShallowCloneToAServerThatLacksTheHistoryIsRefusedBeforeSendingAnything() {
    Repository origin = origin(3);
    Repository clone = open(Prolly.open("memory:"));
    clone.transfer().cloneFrom(RemoteSyncTest.remoteOf(serve(origin)), CloneOptions.depth(1));
    Repository empty = open(Prolly.open("memory:"));
    ProllyServer other = open(ProllyServer.builder().address(InetAddress.getLoopbackAddress()).port(0)
        .serve("repo", empty).start());
    assertThatThrownBy(() -> clone.transfer().push(RemoteSyncTest.remoteOf(other), "main"))
        .isInstanceOf(PartialRepositoryException.class).hasMessageContaining("nothing was sent")
        .hasMessageContaining("unshallow");
    assertThat(empty.branches()).isEmpty();
    assertThat(empty.maintenance().stats().nodeCount()).isZero();
  }

  @Test
  void theShallowCommitsRequestCarriesADepthAndABadOneIsRefused() throws Exception {
    Repository origin = origin(5);
    ProllyServer server = serve(origin);
    Remote remote = RemoteSyncTest.remoteOf(server);
    Hash head = origin.resolve("main");
    assertThat(remote.commits(List.of(head), List.of(), 3)).hasSize(3);
    assertThat(remote.commits(List.of(head), List.of(origin.resolve("main~1")), 3)).containsExactly(head);
    assertThat(remote.commits(List.of(head), List.of(), Transfer.UNSHALLOW)).hasSize(5);

    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(body)) {
      out.writeInt(1);
      out.write(head.toBytes());
      out.writeInt(0);
      out.writeInt(0); // depth 0: not a depth
    }
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port() + "/repo/commits"))
        .header("Prolly-Protocol", "1").header("Prolly-Capabilities", "fetch, shallow")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("depth");
  }

  @Test
  void badDepthsAndMissingArgumentsAreRefusedClearly() {
    Repository clone = open(Prolly.open("memory:"));
    assertThatThrownBy(() -> clone.transfer().cloneFrom(null, CloneOptions.depth(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CloneOptions.depth(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> clone.transfer().fetch(RemoteSyncTest.remoteOf(serve(origin(1))), "main", 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("depth");
    assertThat(clone.branches()).isEmpty();
  }
}

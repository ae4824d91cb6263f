package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.error.ConcurrencyException;
import io.prolly.error.PushRejectedException;
import io.prolly.merge.Conflict;
import io.prolly.merge.ConflictResolver;
import io.prolly.merge.Resolution;
import io.prolly.error.RemoteException;
import io.prolly.server.ProllyServer;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Clone, fetch, pull and push between repositories through a real server on the loopback address. */
class RemoteSyncTest {

  @TempDir Path directory;
  @RegisterExtension final OpenedResources opened = new OpenedResources();

  private Repository memory() {
    Repository repository = Prolly.open("memory:");
    opened.add(repository);
    return repository;
  }

  private Repository file(String name) {
    Repository repository = Prolly.open(directory.resolve(name));
    opened.add(repository);
    return repository;
  }

  private ProllyServer serve(Repository repository) {
    ProllyServer server = ProllyServer.builder().address(InetAddress.getLoopbackAddress()).port(0)
        .serve("repo", repository).start();
    opened.add(server);
    return server;
  }

  static Remote remoteOf(ProllyServer server) {
    return Prolly.remote(URI.create("http://127.0.0.1:" + server.port() + "/repo"));
  }

  static void commit(Repository repository, String branch, int from, int count) {
    Store<String> store = repository.store(branch, Codecs.utf8());
    for (int i = from; i < from + count; i++) {
      store.set(String.format("key-%06d", i), "value " + i + " ".repeat(40));
      store.namespace("ns" + (i % 3)).set("k" + i, "v" + i);
    }
    store.commit("keys " + from + " to " + (from + count));
  }

  static Map<String, String> contents(Repository repository, String branch) {
    Map<String, String> all = new TreeMap<>();
    Snapshot<String> snapshot = repository.snapshot(branch, Codecs.utf8());
    snapshot.entries().forEach(entry -> all.put(entry.getKey(), entry.getValue()));
    for (int ns = 0; ns < 3; ns++) {
      String name = "ns" + ns;
      snapshot.namespace(name).entries().forEach(entry -> all.put(name + "/" + entry.getKey(), entry.getValue()));
    }
    return all;
  }

  @Test
  void cloneFetchPushAndPullBetweenMemoryAndFileRepositories() throws Exception {
    for (boolean fileServer : new boolean[] {false, true}) {
      Repository origin = fileServer ? file("origin.prolly") : memory();
      commit(origin, "main", 0, 3000);
      commit(origin, "main", 3000, 50);
      origin.createTag("v1", "main");
      ProllyServer server = serve(origin);
      Remote remote = remoteOf(server);

      Repository clone = fileServer ? memory() : file("clone.prolly");
      SyncReport cloned = clone.transfer().cloneFrom(remote);
      assertThat(cloned.nodesTransferred()).isPositive();
      assertThat(clone.branches()).isEqualTo(origin.branches());
      assertThat(clone.tags()).isEqualTo(origin.tags());
      assertThat(contents(clone, "main")).isEqualTo(contents(origin, "main"));
      assertThat(clone.maintenance().verify().problems()).isEmpty();

      commit(clone, "main", 5000, 20);
      SyncReport pushed = clone.transfer().push(remote, "main");
      assertThat(pushed.refsUpdated()).containsExactly("heads/main");
      assertThat(pushed.nodesTransferred()).isPositive().isLessThan(cloned.nodesTransferred() / 4);
      assertThat(origin.branches()).isEqualTo(clone.branches());
      assertThat(contents(origin, "main")).isEqualTo(contents(clone, "main"));
      assertThat(origin.maintenance().verify().problems()).isEmpty();

      commit(origin, "main", 7000, 10);
      Repository other = memory();
      commit(other, "main", 9000, 1); // unrelated history: pull merges
      SyncReport pulled = clone.transfer().pull(remote, "main");
      assertThat(pulled.nodesTransferred()).isPositive();
      assertThat(clone.branches()).isEqualTo(origin.branches());
      assertThat(contents(clone, "main")).isEqualTo(contents(origin, "main"));
      assertThat(clone.maintenance().verify().problems()).isEmpty();
      assertThat(clone.resolve("fetched/main")).isEqualTo(origin.resolve("main"));

      long before = server.requests();
      SyncReport noop = clone.transfer().fetch(remote, "main");
      assertThat(server.requests() - before).as("round trips of a no-op fetch").isEqualTo(1);
      assertThat(noop.nodesTransferred()).isZero();
      assertThat(noop.refsUpdated()).isEmpty();
      before = server.requests();
      SyncReport noPush = clone.transfer().push(remote, "main");
      assertThat(server.requests() - before).as("round trips of a no-op push").isEqualTo(1);
      assertThat(noPush.nodesTransferred()).isZero();
      opened.closeAll();
    }
  }

  @Test
  void aWholeCloneTakesOneStreamAndFromAServerWithoutTheCapabilityAsksLevelByLevel() throws Exception {
    Repository origin = memory();
    commit(origin, "main", 0, 2000);
    commit(origin, "main", 2000, 30);
    origin.createTag("v1", "main");
    commit(origin, "main", 3000, 30);
    origin.createBranch("side", "v1");
    for (boolean old : new boolean[] {false, true}) {
      try (ScriptedServer server = new ScriptedServer(origin)) {
        if (old) {
          server.withhold(RemoteProtocol.STREAM);
        }
        Repository clone = memory();
        SyncReport report = clone.transfer().cloneFrom(server.remote());
        assertThat(server.asked()).as("requests of the clone").startsWith("refs", old ? "commits" : "stream");
        if (old) {
          assertThat(server.asked()).contains("nodes").doesNotContain("stream");
        } else {
          assertThat(server.asked()).containsExactly("refs", "stream");
        }
        assertThat(clone.branches()).isEqualTo(origin.branches());
        assertThat(clone.tags()).isEqualTo(origin.tags());
        assertThat(contents(clone, "side")).isEqualTo(contents(origin, "side"));
        assertThat(report.nodesTransferred()).isEqualTo(nodeCount(origin));
        assertThat(report.bytesTransferred()).isEqualTo(nodeBytes(origin));
        assertThat(clone.maintenance().verify().problems()).isEmpty();
      }
    }
  }

  @Test
  void aPushThatIsNotAFastForwardIsRefusedAndPullMergePushSucceeds() {
    Repository origin = memory();
    commit(origin, "main", 0, 100);
    Remote remote = remoteOf(serve(origin));
    Repository a = memory();
    a.transfer().cloneFrom(remote);
    commit(origin, "main", 1000, 5);
    commit(a, "main", 2000, 5);
    Hash originHead = origin.resolve("main");
    assertThatThrownBy(() -> a.transfer().push(remote, "main")).isInstanceOf(PushRejectedException.class)
        .hasMessageContaining("Pull");
    assertThat(origin.resolve("main")).isEqualTo(originHead);
    a.transfer().pull(remote, "main");
    a.transfer().push(remote, "main");
    assertThat(contents(origin, "main")).containsKeys("key-001000", "key-002000");
  }

  /** Merges counters by adding both sides' increments to the base: two clients adding one each make two. */
  private static final ConflictResolver ADD_INCREMENTS = new ConflictResolver() {
    @Override
    public Resolution resolve(Conflict conflict) {
      long base = conflict.base() == null ? 0 : Long.parseLong(new String(conflict.base(), StandardCharsets.UTF_8));
      long ours = Long.parseLong(new String(conflict.ours(), StandardCharsets.UTF_8));
      long theirs = Long.parseLong(new String(conflict.theirs(), StandardCharsets.UTF_8));
      return Resolution.value(Long.toString(ours + theirs - base).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean resolvesIdenticalChanges() {
      return true;
    }
  };

  @Test
  void concurrentPushersWithPullMergeRetryLoseNoIncrement() throws Exception {
    Repository origin = memory();
    Store<String> initial = origin.store("main", Codecs.utf8());
    initial.set("counter", "0");
    initial.commit("counter at 0");
    Remote remote = remoteOf(serve(origin));
    int clients = 8;
    int increments = 5;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    CyclicBarrier start = new CyclicBarrier(clients);
    int lost = 0;
    try {
      List<Future<Integer>> retries = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int client = c;
        retries.add(pool.submit(() -> {
          int races = 0;
          try (Repository local = Prolly.open("memory:")) {
            local.transfer().cloneFrom(remote);
            start.await();
            for (int i = 0; i < increments; i++) {
              Store<String> store = local.store("main", Codecs.utf8());
              store.set("counter", Long.toString(Long.parseLong(store.get("counter")) + 1));
              store.set("client-" + client + "-" + i, "done");
              store.commit("increment " + i + " of client " + client);
              while (true) {
                try {
                  local.transfer().push(remote, "main");
                  break;
                } catch (PushRejectedException | ConcurrencyException raced) {
                  races++;
                  local.transfer().pull(remote, "main", ADD_INCREMENTS);
                }
              }
            }
          }
          return races;
        }));
      }
      for (Future<Integer> future : retries) {
        lost += future.get();
      }
    } finally {
      pool.shutdownNow();
    }
    Map<String, String> all = contents(origin, "main");
    assertThat(all).containsEntry("counter", Integer.toString(clients * increments));
    for (int c = 0; c < clients; c++) {
      for (int i = 0; i < increments; i++) {
        assertThat(all).containsEntry("client-" + c + "-" + i, "done");
      }
    }
    assertThat(lost).as("pushes that lost a race and were merged and sent again").isPositive();
    assertThat(origin.log("main").count()).isGreaterThanOrEqualTo(1 + clients * increments);
    assertThat(origin.maintenance().verify().problems()).isEmpty();
  }

  @Test
  void aRemoteUrlMustNameOneRepository() {
    assertThatThrownBy(() -> Prolly.remote(URI.create("ftp://host/repo"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http://");
    assertThatThrownBy(() -> Prolly.remote(URI.create("http://host/../etc"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Prolly.remote(URI.create("http://host/a/b"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Prolly.remote(URI.create("http://127.0.0.1:1/repo")).refs())
        .isInstanceOf(RemoteException.class).hasMessageContaining("prolly serve");
  }

  /** Every node in the store has everything it refers to: what a cut transfer must leave. */
  static void assertNoDanglingNodes(Repository repository) {
    try (ReadTransaction tx = repository.nodeStore().beginRead()) {
      Set<Hash> all = new HashSet<>();
      tx.forEachNode(all::add);
      for (Hash id : all) {
        for (Hash link : NodeLinks.stored(tx, id, tx.get(id))) {
          assertThat(tx.contains(link)).as("node %s refers to %s", id.toShortHex(), link.toShortHex()).isTrue();
        }
      }
    }
  }

  static long nodeCount(Repository repository) {
    try (ReadTransaction tx = repository.nodeStore().beginRead()) {
      long[] count = {0};
      tx.forEachNode(id -> count[0]++);
      return count[0];
    }
  }

  /** The bytes of every node in the store. */
  static long nodeBytes(Repository repository) {
    try (ReadTransaction tx = repository.nodeStore().beginRead()) {
      long[] bytes = {0};
      tx.forEachNode(id -> bytes[0] += tx.get(id).length);
      return bytes[0];
    }
  }
}

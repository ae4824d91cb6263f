package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.error.RemoteException;
import io.prolly.server.ProllyServer;
import io.prolly.spi.Hash;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Watching a remote branch through a real server on the loopback address, across a restart of it. */
class RemoteWatchTest {

  @RegisterExtension final OpenedResources opened = new OpenedResources();

  private <T extends AutoCloseable> T open(T closeable) {
    opened.add(closeable);
    return closeable;
  }

  private ProllyServer serve(Repository repository, int port) {
    return ProllyServer.builder().address(InetAddress.getLoopbackAddress()).port(port).serve("repo", repository)
        .start();
  }

  private static Remote remote(int port) {
    return Prolly.remote(URI.create("http://127.0.0.1:" + port + "/repo"));
  }

  private static Hash commit(Repository repository, int i) {
    Store<String> store = repository.store("main", Codecs.utf8());
    store.set("k" + i, "v" + i);
    return store.commit("commit " + i).id();
  }

  @Test
  void aFollowerHearsEveryCommitOfThePrimaryInOrderAcrossAServerRestart() throws Exception {
    Repository primary = open(Prolly.inMemory());
    Hash first = commit(primary, 0);
    ProllyServer server = serve(primary, 0);
    int port = server.port();
    Remote remote = remote(port);
    Repository follower = open(Prolly.inMemory());
    follower.transfer().pull(remote, "main");
    assertThat(follower.branches().get("main")).isEqualTo(first);

    BlockingQueue<BranchUpdate> local = new LinkedBlockingQueue<>();
    BlockingQueue<BranchUpdate> told = new LinkedBlockingQueue<>();
    open(follower.watch("main", local::add));
    open(remote.watch("main", first, update -> {
      told.add(update);
      follower.transfer().pull(remote, "main");
    }));

    List<Hash> made = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      made.add(commit(primary, i));
    }
    awaitHead(follower, made.get(made.size() - 1));
    server.close();
    for (int i = 11; i <= 20; i++) {
      made.add(commit(primary, i));
    }
    Thread.sleep(300);
    assertThat(follower.branches().get("main")).as("nothing arrives while the server is down").isEqualTo(made.get(9));
    open(serve(primary, port));
    for (int i = 21; i <= 30; i++) {
      made.add(commit(primary, i));
    }
    awaitHead(follower, made.get(made.size() - 1));

    Hash before = first;
    for (Hash commit : made) {
      assertThat(local.poll(10, TimeUnit.SECONDS)).isEqualTo(new BranchUpdate("main", before, commit));
      before = commit;
    }
    assertThat(local.poll(100, TimeUnit.MILLISECONDS)).isNull();

    List<BranchUpdate> heads = new ArrayList<>(told);
    assertThat(heads).isNotEmpty().hasSizeLessThanOrEqualTo(made.size());
    assertThat(heads.get(0).before()).isEqualTo(first);
    for (int i = 1; i < heads.size(); i++) {
      assertThat(heads.get(i).before()).as("the remote watch resumes from what it told").isEqualTo(heads.get(i - 1).after());
    }
    assertThat(heads.get(heads.size() - 1).after()).isEqualTo(made.get(made.size() - 1));
    List<Hash> order = new ArrayList<>(made);
    assertThat(heads).allSatisfy(update -> assertThat(order).contains(update.after()));
    List<Integer> positions = heads.stream().map(update -> order.indexOf(update.after())).toList();
    assertThat(positions).isSorted();
    assertThat(Collections.frequency(positions, -1)).isZero();
  }

  @Test
  void aWaitIsAnsweredAtOnceWhenTheClientIsBehindAndAfterItsTimeoutOtherwise() throws Exception {
    Repository primary = open(Prolly.inMemory());
    Hash head = commit(primary, 0);
    ProllyServer server = open(serve(primary, 0));
    Remote remote = remote(server.port());
    assertThat(remote.awaitMove("heads/main", null, Duration.ofSeconds(20))).isEqualTo(head);
    assertThat(remote.awaitMove("heads/other", null, Duration.ofMillis(100))).as("still absent").isNull();
    long start = System.nanoTime();
    assertThat(remote.awaitMove("heads/main", head, Duration.ofMillis(200))).as("timed out, unchanged").isEqualTo(head);
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));

    CompletableFuture<Hash> waiting = CompletableFuture.supplyAsync(() ->
        remote.awaitMove("heads/main", head, Duration.ofSeconds(20)));
    Thread.sleep(100);
    Hash next = commit(primary, 1);
    assertThat(waiting.get(5, TimeUnit.SECONDS)).as("woken by the commit").isEqualTo(next);
    assertThat(server.requests()).isLessThan(10);
  }

  @Test
  void closingTheServerAnswersWaitingRequestsAndBadWaitsAreRefused() throws Exception {
    Repository primary = open(Prolly.inMemory());
    Hash head = commit(primary, 0);
    ProllyServer server = serve(primary, 0);
    Remote remote = remote(server.port());
    CompletableFuture<Hash> waiting = CompletableFuture.supplyAsync(() ->
        remote.awaitMove("heads/main", head, Duration.ofSeconds(30)));
    Thread.sleep(200);
    long start = System.nanoTime();
    server.close();
    assertThat(waiting).failsWithin(5, TimeUnit.SECONDS);
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (threads("prolly-watch-main") > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(threads("prolly-watch-main")).as("the stopped server watches the repository no more").isZero();

    ProllyServer again = open(serve(primary, 0));
    Remote other = remote(again.port());
    assertThatThrownBy(() -> other.awaitMove("tags/v1", null, Duration.ofSeconds(1))).isInstanceOf(RemoteException.class)
        .hasMessageContaining("HTTP 400").hasMessageContaining("only branches can be waited on");
    assertThatThrownBy(() -> other.awaitMove("heads/main", head, Duration.ofMillis(61_000)))
        .isInstanceOf(RemoteException.class).hasMessageContaining("ask for 1 to 60000");
    assertThatThrownBy(() -> other.watch("main", null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> other.watch("bad..name", update -> { })).isInstanceOf(IllegalArgumentException.class);

    HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + again.port() + "/repo/wait")).header("Prolly-Protocol", "1")
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(405);
  }

  @Test
  void theWaitRequestIsTheBytesDocsProtocolMdShows() throws Exception {
    Repository primary = open(Prolly.inMemory());
    Hash head = commit(primary, 0);
    ProllyServer server = open(serve(primary, 0));
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    body.write(new byte[] {0x00, 0x0a});
    body.write("heads/main".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    body.write(head.toBytes());
    body.write(new byte[] {0x00, 0x00, 0x00, 0x64});
    assertThat(body.size()).isEqualTo(48);
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/repo/wait"))
        .header("Prolly-Protocol", "1").header("Prolly-Capabilities", "watch");
    HttpClient client = HttpClient.newHttpClient();
    long start = System.nanoTime();
    HttpResponse<byte[]> unchanged = client.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
        .build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(System.nanoTime() - start).as("waited its 100 ms").isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
    assertThat(unchanged.statusCode()).isEqualTo(200);
    assertThat(unchanged.body()).isEqualTo(head.toBytes());

    byte[] behind = body.toByteArray();
    java.util.Arrays.fill(behind, 12, 44, (byte) 0);
    HttpResponse<byte[]> told = client.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(behind)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(told.body()).as("absent is behind: told the head at once").isEqualTo(head.toBytes());
    assertThat(remote(server.port()).refs()).containsEntry("heads/main", head);
  }

  private static long threads(String name) {
    return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().equals(name)).count();
  }

  private static void awaitHead(Repository repository, Hash head) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!head.equals(repository.branches().get("main")) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(repository.branches().get("main")).isEqualTo(head);
  }
}

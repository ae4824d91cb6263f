package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.error.RemoteException;
import io.prolly.server.Access;
import io.prolly.server.ProllyServer;
import io.prolly.spi.Hash;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile clients that use no bad byte, only time and numbers: headers or answers that crawl, a
 * thousand watchers, one address taking every request. Real sockets on the loopback address.
 */
class RemoteFloodTest {

  private static final String WRITER = "flood-writer-71d2";
  private static final String READER = "flood-reader-0be4";

  @RegisterExtension final OpenedResources opened = new OpenedResources();

  private static ProllyServer.Builder server(Repository origin) {
    return ProllyServer.builder().address(InetAddress.getLoopbackAddress()).port(0).serve("repo", origin);
  }

  private ProllyServer start(ProllyServer.Builder builder) {
    return opened.add(builder.start());
  }

  private Socket connect(ProllyServer server, String from) throws IOException {
    Socket socket = opened.add(new Socket());
    socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
    socket.setSoTimeout(20_000);
    return socket;
  }

  /** Sends a wait request on {@code heads/main} from {@code since} (null: absent) over a new connection. */
  private Socket sendWait(ProllyServer server, String from, @Nullable Hash since, @Nullable String token)
      throws IOException {
    return sendWait(server, from, "heads/main", since, token);
  }

  private Socket sendWait(ProllyServer server, String from, String ref, @Nullable Hash since, @Nullable String token)
      throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    DataOutputStream data = new DataOutputStream(body);
    byte[] name = ref.getBytes(StandardCharsets.US_ASCII);
    data.writeShort(name.length);
    data.write(name);
    data.write(since == null ? new byte[Hash.LENGTH] : since.toBytes());
    data.writeInt(30_000);
    Socket socket = connect(server, from);
    OutputStream out = socket.getOutputStream();
    out.write(("POST /repo/wait HTTP/1.1\r\nHost: 127.0.0.1\r\nProlly-Protocol: 1\r\nProlly-Capabilities: watch\r\n"
        + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "Content-Length: " + body.size()
        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(body.toByteArray());
    out.flush();
    return socket;
  }

  /** Asks for the refs over a raw connection. */
  private static Answer refs(Socket socket) throws IOException {
    socket.getOutputStream().write("GET /repo/refs HTTP/1.1\r\nHost: 127.0.0.1\r\nProlly-Protocol: 1\r\n\r\n"
        .getBytes(StandardCharsets.US_ASCII));
    return read(socket);
  }

  /** An answer read off a raw connection: status, headers as one text, body. */
  private record Answer(int status, String headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private static Answer read(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the connection closed after '" + head + "'");
      }
      head.append((char) b);
    }
    String headers = head.toString();
    int status = Integer.parseInt(headers.substring(9, 12));
    int length = -1;
    for (String line : headers.split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).strip());
      }
    }
    byte[] body = length >= 0 ? in.readNBytes(length) : readChunked(in);
    return new Answer(status, headers, body);
  }

  private static byte[] readChunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      StringBuilder size = new StringBuilder();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new IOException("the connection closed inside a chunked body");
        }
        size.append((char) b);
      }
      int length = Integer.parseInt(size.toString().strip(), 16);
      body.write(in.readNBytes(length));
      in.readNBytes(2);
      if (length == 0) {
        return body.toByteArray();
      }
    }
  }

  /** Reads until the server closes the connection; returns how many bytes came. */
  private static long drain(Socket socket) throws IOException {
    long total = 0;
    byte[] buffer = new byte[65536];
    try {
      for (int n = socket.getInputStream().read(buffer); n >= 0; n = socket.getInputStream().read(buffer)) {
        total += n;
      }
    } catch (SocketException reset) {
      // Cut by the server: what the caller waits for.
    }
    return total;
  }

  /** Waits sent until all but one wait: those waiting by sender, and the answer that refused the one. */
  private record Filled(Map<Integer, Socket> waiting, Answer refused) {}

  /**
   * Sends one wait per sender, one more than the bound allows, and sends again, as watching
   * clients do, each one refused because every thread was taken at that moment. Once the waits
   * fill the bound, one more is refused for that, and then exactly the others wait.
   */
  private static Filled fill(List<Callable<Socket>> senders) throws Exception {
    Map<Integer, Socket> pending = new TreeMap<>();
    for (int i = 0; i < senders.size(); i++) {
      pending.put(i, senders.get(i).call());
    }
    Answer full = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (full == null || pending.size() > senders.size() - 1) {
      assertThat(System.nanoTime()).as("the waits fill the bound").isLessThan(deadline);
      boolean answered = false;
      for (Map.Entry<Integer, Socket> entry : List.copyOf(pending.entrySet())) {
        if (entry.getValue().getInputStream().available() > 0) {
          answered = true;
          Answer answer = read(entry.getValue());
          entry.getValue().close();
          assertThat(answer.status()).as(answer.text()).isEqualTo(503);
          boolean busy = answer.text().contains("requests it answers at once");
          if (busy && full == null) {
            pending.put(entry.getKey(), senders.get(entry.getKey()).call());
          } else {
            pending.remove(entry.getKey());
            full = busy ? full : answer;
          }
        }
      }
      if (!answered) {
        Thread.sleep(20);
      }
    }
    return new Filled(pending, full);
  }

  /**
   * Waits until one of the connections has an answer: the one wait refused when the others fill the
   * bound, which shows they are all waiting.
   */
  private static void awaitRefusal(List<Socket> waits) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      for (Socket wait : waits) {
        if (wait.getInputStream().available() > 0) {
          return;
        }
      }
      assertThat(System.nanoTime()).as("one wait is refused").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static long threads() {
    return Thread.getAllStackTraces().size();
  }

  private static Hash commit(Repository repository, int i) {
    Store<String> store = repository.store("main", Codecs.utf8());
    store.set("k" + i, "v" + i);
    return store.commit("commit " + i).id();
  }

  @Test
  void oneAddressBeyondItsRequestsIsAnswered503WhileOtherAddressesAreServed() throws Exception {
    Repository origin = opened.memory();
    Hash head = commit(origin, 0);
    ProllyServer server = start(server(origin).maxRequestsPerClient(2));
    Remote remote = RemoteSyncTest.remoteOf(server);
    List<Socket> waits = new ArrayList<>(List.of(sendWait(server, "127.0.0.1", head, null),
        sendWait(server, "127.0.0.1", head, null)));

    // The two waits hold both of 127.0.0.1's requests once they are in; until then a refs request gets through.
    // A wait that arrived while a refs request held the other place was refused: it is sent again.
    RemoteException refused = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (refused == null && System.nanoTime() < deadline) {
      for (int i = 0; i < waits.size(); i++) {
        if (waits.get(i).getInputStream().available() > 0) {
          assertThat(read(waits.get(i)).status()).as("a wait refused while a refs request was open").isEqualTo(503);
          waits.set(i, sendWait(server, "127.0.0.1", head, null));
        }
      }
      try {
        remote.refs();
        Thread.sleep(10);
      } catch (RemoteException e) {
        refused = e;
      }
    }
    assertThat(refused).isNotNull();
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.getMessage()).contains("already has the 2 requests open here");
    assertThat(refs(connect(server, "127.0.0.2")).status()).as("another address is answered").isEqualTo(200);
    Socket third = sendWait(server, "127.0.0.1", head, null);
    Answer busy = read(third);
    assertThat(busy.status()).isEqualTo(503);
    assertThat(busy.headers()).containsIgnoringCase("Retry-After: 1");

    Hash next = commit(origin, 1);
    for (Socket wait : waits) {
      Answer moved = read(wait);
      assertThat(moved.status()).isEqualTo(200);
      assertThat(moved.body()).isEqualTo(next.toBytes());
    }
    // Answered waits count out: the address is served again.
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        assertThat(remote.refs()).containsEntry("heads/main", next);
        break;
      } catch (RemoteException e) {
        assertThat(e.status()).isEqualTo(503);
        assertThat(System.nanoTime()).isLessThan(deadline);
        Thread.sleep(10);
      }
    }
  }

  @Test
  void aRequestRefusedAsBusyIsSentAgainAndAnsweredOnceThePlaceIsFree() throws Exception {
    Repository origin = opened.memory();
    Hash head = commit(origin, 0);
    ProllyServer server = start(server(origin).maxRequestsPerClient(1));
    Remote remote = RemoteSyncTest.remoteOf(server);
    Socket wait = sendWait(server, "127.0.0.1", head, null);
    // The wait takes 127.0.0.1's one place once it is in: a refs request from there is refused, then.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (refs(connect(server, "127.0.0.1")).status() != 503) {
      assertThat(System.nanoTime()).as("the wait holds the address's place").isLessThan(deadline);
      if (wait.getInputStream().available() > 0) {
        assertThat(read(wait).status()).as("a wait refused while a refs request was open").isEqualTo(503);
        wait = sendWait(server, "127.0.0.1", head, null);
      }
      Thread.sleep(10);
    }
    CompletableFuture<SortedMap<String, Hash>> listed = CompletableFuture.supplyAsync(remote::refs);
    Thread.sleep(300);
    Hash next = commit(origin, 1);
    assertThat(read(wait).status()).isEqualTo(200);
    assertThat(listed.get(30, TimeUnit.SECONDS)).as("the refs request, sent again after the 503s")
        .containsEntry("heads/main", next);
  }

  @Test
  void clientsThatTrickleTheirHeadersAreCutAndTheWorkersServeOthers() throws Exception {
    Repository origin = opened.memory();
    commit(origin, 0);
    // One thread and the two that refuse: three workers, fewer than the slow clients.
    ProllyServer server = start(server(origin).threads(1).headerTimeout(Duration.ofSeconds(1)));
    List<Socket> slow = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Socket socket = connect(server, "127.0.0.1");
      socket.getOutputStream().write("GET /repo/refs HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
          .getBytes(StandardCharsets.US_ASCII));
      slow.add(socket);
    }
    long started = System.nanoTime();
    Thread dripping = new Thread(() -> {
      for (int i = 0; i < 400; i++) {
        for (Socket socket : slow) {
          try {
            socket.getOutputStream().write('a');
            socket.getOutputStream().flush();
          } catch (IOException cut) {
            // This one is cut: the others may still drip.
          }
        }
        try {
          Thread.sleep(25);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    dripping.setDaemon(true);
    dripping.start();
    try {
      // Served once the slow headers are cut (without the header clock, never: the read times out).
      assertThat(refs(connect(server, "127.0.0.1")).status()).isEqualTo(200);
      for (Socket socket : slow) {
        assertThat(drain(socket)).as("cut without an answer").isZero();
      }
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    } finally {
      dripping.interrupt();
      dripping.join(5000);
    }
    assertThat(RemoteSyncTest.remoteOf(server).refs()).hasSize(1);
  }

  @Test
  void aClientThatNeverReadsItsAnswerIsCutAndFreesItsWorker() throws Exception {
    Repository origin = opened.memory();
    RemoteSyncTest.commit(origin, "main", 0, 400);
    Hash head = origin.resolve("main");
    // The largest node, asked for again and again.
    Hash largest;
    int size;
    try (io.prolly.spi.ReadTransaction tx = origin.backend().beginRead()) {
      Hash[] found = {head};
      tx.forEachNode(id -> {
        if (tx.get(id).length > tx.get(found[0]).length) {
          found[0] = id;
        }
      });
      largest = found[0];
      size = tx.get(largest).length;
    }
    ProllyServer server = start(server(origin).threads(1).requestTimeout(Duration.ofSeconds(1)));
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    DataOutputStream data = new DataOutputStream(body);
    int ids = 65536;
    data.writeInt(ids);
    for (int i = 0; i < ids; i++) {
      data.write(largest.toBytes());
    }
    long answer = (long) ids * (Hash.LENGTH + 4 + size);
    Socket reader = opened.add(new Socket());
    reader.setReceiveBufferSize(4096);
    reader.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
    reader.setSoTimeout(20_000);
    reader.getOutputStream().write(("POST /repo/nodes HTTP/1.1\r\nHost: 127.0.0.1\r\nProlly-Protocol: 1\r\n"
        + "Content-Length: " + body.size() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    reader.getOutputStream().write(body.toByteArray());
    reader.getOutputStream().flush();
    assertThat(answer).as("far more than the socket buffers hold").isGreaterThan(64L << 20);

    // The unread answer holds the one thread until the request clock cuts it; then others are served.
    Remote remote = RemoteSyncTest.remoteOf(server);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        assertThat(remote.refs()).containsEntry("heads/main", head);
        break;
      } catch (RemoteException e) {
        assertThat(e.status()).isEqualTo(503);
        assertThat(System.nanoTime()).isLessThan(deadline);
        Thread.sleep(20);
      }
    }
    assertThat(drain(reader)).as("the answer was cut short").isLessThan(answer);
  }

  @Test
  void aThousandWaitersHoldNoThreadsAndTheServerAnswersMeanwhile() throws Exception {
    Repository origin = opened.memory();
    RemoteSyncTest.commit(origin, "main", 0, 50);
    Hash head = origin.resolve("main");
    ProllyServer server = start(server(origin).threads(2));
    // Warm up: the branch's watch and the wait timer exist before the threads are counted.
    Answer warm = read(sendWait(server, "127.0.0.1", null, null));
    assertThat(warm.body()).isEqualTo(head.toBytes());
    long before = threads();

    int limit = RemoteLimits.defaults().maxWaiting();
    List<Callable<Socket>> senders = new ArrayList<>();
    for (int i = 0; i <= limit; i++) {
      senders.add(() -> sendWait(server, "127.0.0.1", head, null));
    }
    Filled filled = fill(senders);
    Collection<Socket> waits = filled.waiting().values();
    long waiting = threads();

    // Everything else is answered meanwhile: a clone, and a push that wakes every waiter.
    Repository clone = opened.memory();
    clone.transfer().cloneFrom(RemoteSyncTest.remoteOf(server));
    assertThat(clone.resolve("main")).isEqualTo(head);
    RemoteSyncTest.commit(clone, "main", 100, 5);
    clone.transfer().push(RemoteSyncTest.remoteOf(server), "main");
    Hash next = clone.resolve("main");

    assertThat(waits).hasSize(limit);
    for (Socket wait : waits) {
      Answer answer = read(wait);
      assertThat(answer.status()).as(answer.text()).isEqualTo(200);
      assertThat(answer.body()).isEqualTo(next.toBytes());
      wait.close();
    }
    assertThat(filled.refused().text()).contains(limit + " requests wait on this repository already");
    assertThat(filled.refused().headers()).containsIgnoringCase("Retry-After: 1");
    assertThat(waiting - before).as("threads while %d requests wait", limit).isLessThan(16);
    assertThat(threads() - before).as("threads once all were answered").isLessThan(32);
  }

  @Test
  void waitsOnMoreBranchesThanTheServerWatchesAreRefusedUntilOneIsNoLongerWaitedOn() throws Exception {
    Repository origin = opened.memory();
    commit(origin, 0);
    ProllyServer server = start(server(origin));
    int branches = 256;
    List<Callable<Socket>> senders = new ArrayList<>();
    for (int i = 0; i <= branches; i++) {
      String branch = "b" + i;
      senders.add(() -> sendWait(server, "127.0.0.1", "heads/" + branch, null, null));
    }
    Filled filled = fill(senders);
    assertThat(filled.refused().text()).contains("requests wait on " + branches + " branches of this repository");
    assertThat(filled.waiting()).hasSize(branches);

    // A branch created: its wait is answered, and its watch gives way to a branch not watched yet.
    int first = filled.waiting().keySet().iterator().next();
    Hash created = origin.createBranch("b" + first, origin.resolve("main").toHex());
    Answer told = read(filled.waiting().remove(first));
    assertThat(told.status()).isEqualTo(200);
    assertThat(told.body()).isEqualTo(created.toBytes());
    Socket extra = sendWait(server, "127.0.0.1", "heads/extra", null, null);
    Hash extraHead = origin.createBranch("extra", origin.resolve("main").toHex());
    Answer extraTold = read(extra);
    assertThat(extraTold.status()).as(extraTold.text()).isEqualTo(200);
    assertThat(extraTold.body()).isEqualTo(extraHead.toBytes());
  }

  @Test
  void aBodyRefusedBeforeItsEndClosesItsConnectionAndTheClientGoesOnOnANewOne() throws Exception {
    Repository origin = opened.memory();
    Hash head = commit(origin, 0);
    ProllyServer server = start(server(origin).limits(RemoteLimits.defaults().withMaxBatch(4096)));
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    for (int round = 0; round < 20; round++) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      DataOutputStream data = new DataOutputStream(body);
      data.writeInt(4097);
      for (int i = 0; i < 4097; i++) {
        data.write(head.toBytes());
      }
      java.net.http.HttpResponse<String> refused = client.send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + server.port() + "/repo/nodes")).header("Prolly-Protocol", "1")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(refused.body()).contains("4097 ids; 1 to 4096");
      assertThat(refused.headers().firstValue("Connection")).as("131 KB left unread").hasValue("close");
      // The next request goes on a new connection, not the one the server closes.
      java.net.http.HttpResponse<String> refs = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
          "http://127.0.0.1:" + server.port() + "/repo/refs")).header("Prolly-Protocol", "1").build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(refs.statusCode()).isEqualTo(200);
      assertThat(refs.headers().firstValue("Connection")).as("a body-less request keeps its connection").isEmpty();
    }
  }

  @Test
  void readersAndWritersWaitInOneBoundPerRepositoryThroughOneWatch() throws Exception {
    Repository origin = opened.memory();
    Hash head = commit(origin, 0);
    ProllyServer server = start(server(origin).limits(RemoteLimits.defaults().withMaxWaiting(2))
        .token("ci", Access.READ_WRITE, "repo", ProllyServer.tokenHash(WRITER))
        .token("viewer", Access.READ, "repo", ProllyServer.tokenHash(READER)));
    List<Socket> waits = List.of(sendWait(server, "127.0.0.1", head, READER),
        sendWait(server, "127.0.0.1", head, WRITER), sendWait(server, "127.0.0.1", head, READER));
    awaitRefusal(waits);
    Hash next = commit(origin, 1);
    List<Integer> statuses = new ArrayList<>();
    for (Socket wait : waits) {
      Answer answer = read(wait);
      statuses.add(answer.status());
      if (answer.status() == 200) {
        assertThat(answer.body()).isEqualTo(next.toBytes());
      } else {
        assertThat(answer.text()).contains("2 requests wait on this repository already");
      }
    }
    assertThat(statuses).as("a reader's and a writer's wait fill the one bound").containsExactlyInAnyOrder(200, 200, 503);
    long watches = Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().equals("prolly-watch-main")).count();
    assertThat(watches).as("one watch of the branch for both").isEqualTo(1);
  }
}

package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.server.ProllyServer;
import io.prolly.spi.Hash;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hostile requests, sent byte by byte: each refused with the right status and message, the target unchanged. */
class RemoteHostileTest {

  private Repository target;
  private ProllyServer server;
  private final HttpClient client = HttpClient.newHttpClient();
  private SortedMap<String, Hash> refsBefore;
  private long nodesBefore;

  @BeforeEach
  void serve() {
    target = Prolly.open("memory:");
    RemoteSyncTest.commit(target, "main", 0, 50);
    server = ProllyServer.builder().address(InetAddress.getLoopbackAddress()).port(0).serve("repo", target)
        .maxPushBytes(1 << 20).start();
    refsBefore = new java.util.TreeMap<>(target.branches());
    nodesBefore = RemoteSyncTest.nodeCount(target);
  }

  @AfterEach
  void close() {
    server.close();
    assertThat(target.branches()).as("refs after a hostile request").isEqualTo(refsBefore);
    target.close();
  }

  private HttpResponse<String> send(String method, String path, Map<String, String> headers, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    headers.forEach(request::header);
    request.method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(body));
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String operation, byte[] body) throws Exception {
    return send("POST", "/repo/" + operation, Map.of("Prolly-Protocol", "1"), body);
  }

  private static byte[] bytes(Writer writer) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    writer.write(out);
    return bytes.toByteArray();
  }

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private void assertRefused(HttpResponse<String> response, int status, String message) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.body()).contains(message);
    assertThat(RemoteSyncTest.nodeCount(target)).as("nodes stored").isEqualTo(nodesBefore);
  }

  /** A push header moving heads/main from its head to {@code value}. */
  private byte[] pushHeader(DataOutputStream out, Hash value) throws IOException {
    out.writeByte(0);
    out.writeShort(1);
    byte[] name = "heads/main".getBytes(StandardCharsets.UTF_8);
    out.writeShort(name.length);
    out.write(name);
    out.write(target.resolve("main").toBytes());
    out.write(value.toBytes());
    return name;
  }

  @Test
  void wrongOrMissingProtocolVersionsAreRefused() throws Exception {
    assertRefused(send("GET", "/repo/refs", Map.of(), new byte[0]), 400, "protocol version 1");
    assertRefused(send("GET", "/repo/refs", Map.of("Prolly-Protocol", "2"), new byte[0]), 400, "asks for version '2'");
  }

  @Test
  void unknownCapabilitiesAreRefused() throws Exception {
    assertRefused(send("GET", "/repo/refs", Map.of("Prolly-Protocol", "1", "Prolly-Capabilities", "fetch, zstd"),
        new byte[0]), 400, "unknown capability 'zstd'");
  }

  @Test
  void pathTraversalAndUnknownRepositoriesAreRefused() throws Exception {
    for (String path : new String[] {"/../repo/refs", "/%2e%2e/refs", "/.repo/refs", "/repo/../refs", "/a%2Fb/refs"}) {
      HttpResponse<String> response = send("GET", path, Map.of("Prolly-Protocol", "1"), new byte[0]);
      assertThat(response.statusCode()).as(path).isIn(400, 404);
    }
    assertRefused(send("GET", "/other/refs", Map.of("Prolly-Protocol", "1"), new byte[0]), 404, "no repository named");
    assertRefused(send("GET", "/repo/secrets", Map.of("Prolly-Protocol", "1"), new byte[0]), 404, "no operation");
    assertRefused(send("GET", "/repo/push", Map.of("Prolly-Protocol", "1"), new byte[0]), 405, "takes POST");
  }

  @Test
  void hugeCountsAndTruncatedBatchesAreRefused() throws Exception {
    assertRefused(post("have", bytes(out -> out.writeInt(Integer.MAX_VALUE))), 400, "2147483647 ids");
    assertRefused(post("have", bytes(out -> out.writeInt(-1))), 400, "4294967295 ids");
    assertRefused(post("nodes", bytes(out -> {
      out.writeInt(2);
      out.write(new byte[40]);
    })), 400, "ended early");
    assertRefused(post("have", bytes(out -> {
      out.writeInt(1);
      out.write(new byte[33]);
    })), 400, "more data follows");
  }

  @Test
  void aWantThatIsNoRefIsRefused() throws Exception {
    assertRefused(post("commits", bytes(out -> {
      out.writeInt(1);
      out.write(Hash.of(new byte[] {1}).toBytes());
      out.writeInt(0);
    })), 409, "not the head of a branch");
  }

  @Test
  void aNodeWhoseBytesDoNotHashToItsIdIsRefused() throws Exception {
    assertRefused(post("push", bytes(out -> {
      pushHeader(out, Hash.of(new byte[] {7}));
      out.write(Hash.of(new byte[] {7}).toBytes());
      out.writeInt(1);
      out.writeByte(8);
      out.write(new byte[32]);
    })), 400, "hashes to");
  }

  @Test
  void aNodeOfHugeLengthIsRefusedBeforeItIsRead() throws Exception {
    assertRefused(post("push", bytes(out -> {
      pushHeader(out, Hash.of(new byte[] {7}));
      out.write(Hash.of(new byte[] {7}).toBytes());
      out.writeInt(Integer.MAX_VALUE);
    })), 400, "claims 2147483647 bytes");
  }

  @Test
  void aRefToAMissingNodeIsRefused() throws Exception {
    assertRefused(post("push", bytes(out -> {
      pushHeader(out, Hash.of(new byte[] {9}));
      out.write(new byte[32]);
    })), 400, "neither in the push nor in the repository");
  }

  @Test
  void aNodeThatRefersToMissingNodesIsRefused() throws Exception {
    // A commit whose parent and registry this repository does not have.
    Repository elsewhere = Prolly.open("memory:");
    RemoteSyncTest.commit(elsewhere, "main", 1000, 5);
    Hash commit = elsewhere.resolve("main");
    byte[] node;
    try (var tx = elsewhere.nodeStore().beginRead()) {
      node = tx.get(commit);
    }
    elsewhere.close();
    assertRefused(post("push", bytes(out -> {
      pushHeader(out, commit);
      out.write(commit.toBytes());
      out.writeInt(node.length);
      out.write(node);
      out.write(new byte[32]);
    })), 400, "send children before their parents");
  }

  @Test
  void unknownFlagsDuplicateRefsAndBadNamesAreRefused() throws Exception {
    assertRefused(post("push", bytes(out -> out.writeByte(0x80))), 400, "unknown flags");
    assertRefused(post("push", bytes(out -> {
      out.writeByte(0);
      out.writeShort(1);
      byte[] name = "heads/../x".getBytes(StandardCharsets.UTF_8);
      out.writeShort(name.length);
      out.write(name);
    })), 400, "..");
    assertRefused(post("push", bytes(out -> {
      out.writeByte(0);
      out.writeShort(1);
      out.writeShort(5);
      out.write(new byte[] {(byte) 0xC3, 0x28, 'a', 'b', 'c'});
    })), 400, "not valid UTF-8");
  }

  @Test
  void aPushOverTheSizeLimitIsRefusedWith413() throws Exception {
    byte[] body = bytes(out -> {
      pushHeader(out, Hash.of(new byte[] {9}));
      byte[] big = new byte[2 << 20];
      out.write(Hash.of(big).toBytes());
      out.writeInt(big.length);
      out.write(big);
    });
    HttpResponse<String> response = post("push", body);
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("larger than");
  }

  @Test
  void aReadOnlyServerRefusesPushes() throws Exception {
    try (ProllyServer readOnly = ProllyServer.builder().address(InetAddress.getLoopbackAddress()).port(0)
        .serve("repo", target).readOnly(true).start()) {
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + readOnly.port() + "/repo/push")).header("Prolly-Protocol", "1")
          .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1])).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(403);
      assertThat(response.body()).contains("read-only");
    }
  }
}

package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.server.Access;
import io.prolly.server.ProllyServer;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.error.RemoteException;
import io.prolly.tree.TreeNodes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Hostile requests, written byte by byte against a real server: each refused with the right status
 * and a message that says what was wrong, the target repository's refs and nodes unchanged. Two
 * servers share the target: one where clients without a token may read, one where they may do
 * nothing; both with tight limits, so that every limit has a case. And hostile answers to a
 * clone's {@code stream} request, written byte by byte by a scripted server: each refused by the
 * client with a message, which keeps no ref and only checked nodes whose subtrees are complete.
 */
class RemoteHostileTest {

  static final String READER = "reader-token-3f9a1c";
  static final String WRITER = "writer-token-77d0e2";
  static final String OUTSIDER = "outsider-token-0b5e";

  private Repository target;
  private ProllyServer open;
  private ProllyServer closed;
  private final HttpClient client = HttpClient.newHttpClient();
  private Hash head;
  private Hash older;
  private Hash tagged;
  private Hash nonCommit;
  private byte[] foreignCommit;
  private Hash foreignCommitId;

  @BeforeEach
  void serve() {
    target = Prolly.open("memory:");
    RemoteSyncTest.commit(target, "main", 0, 30);
    older = target.resolve("main");
    RemoteSyncTest.commit(target, "main", 30, 10);
    tagged = target.createTag("v1", "main");
    RemoteSyncTest.commit(target, "main", 40, 10);
    head = target.resolve("main");
    try (ReadTransaction tx = target.nodeStore().beginRead()) {
      Hash[] found = new Hash[1];
      tx.forEachNode(id -> {
        if (found[0] == null && !NodeLinks.isCommit(tx.get(id))) {
          found[0] = id;
        }
      });
      nonCommit = found[0];
    }
    // A commit whose parent and registry the target does not have.
    try (Repository elsewhere = Prolly.open("memory:")) {
      RemoteSyncTest.commit(elsewhere, "main", 1000, 5);
      foreignCommitId = elsewhere.resolve("main");
      try (ReadTransaction tx = elsewhere.nodeStore().beginRead()) {
        foreignCommit = tx.get(foreignCommitId);
      }
    }
    RemoteLimits limits = RemoteLimits.defaults().withMaxPushBytes(4096).withMaxBatch(4096).withMaxNodeBytes(65536)
        .withMaxRefNameBytes(64);
    open = tokens(ProllyServer.builder()).limits(limits).anonymous(Access.READ).start();
    closed = tokens(ProllyServer.builder()).limits(limits).start();
  }

  private ProllyServer.Builder tokens(ProllyServer.Builder builder) {
    return builder.address(InetAddress.getLoopbackAddress()).port(0).serve("repo", target).serve("other-1", target)
        .token("reader", Access.READ, "repo", ProllyServer.tokenHash(READER))
        .token("writer", Access.READ_WRITE, "*", ProllyServer.tokenHash(WRITER))
        .token("outsider", Access.READ_WRITE, "other-*", ProllyServer.tokenHash(OUTSIDER));
  }

  @AfterEach
  void close() {
    open.close();
    closed.close();
    target.close();
  }

  /** One hostile request and what it must be answered. */
  private record Case(String name, boolean anonymousReads, String method, String path, Map<String, String> headers,
      Body body, int status, String message) {}

  private interface Body {
    byte[] bytes() throws IOException;
  }

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private static Body body(Writer writer) {
    return () -> {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      writer.write(out);
      return bytes.toByteArray();
    };
  }

  private static final Body EMPTY = () -> new byte[0];

  private static Map<String, String> headers(String... pairs) {
    Map<String, String> headers = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      headers.put(pairs[i], pairs[i + 1]);
    }
    return headers;
  }

  private static Map<String, String> v1(String... pairs) {
    Map<String, String> headers = headers(pairs);
    headers.put("Prolly-Protocol", "1");
    return headers;
  }

  private static Map<String, String> writer() {
    return v1("Authorization", "Bearer " + WRITER);
  }

  private Case get(String name, String path, Map<String, String> headers, int status, String message) {
    return new Case(name, true, "GET", path, headers, EMPTY, status, message);
  }

  private Case post(String name, String operation, Body body, int status, String message) {
    return new Case(name, true, "POST", "/repo/" + operation, writer(), body, status, message);
  }

  /** A commits request asking for the changes listing. */
  private Case changes(String name, Body body, int status, String message) {
    Map<String, String> headers = writer();
    headers.put("Prolly-Capabilities", "fetch, changes");
    return new Case(name, true, "POST", "/repo/commits", headers, body, status, message);
  }

  private Map<String, String> changesAnd(String capability) {
    Map<String, String> headers = writer();
    headers.put("Prolly-Capabilities", "fetch, changes, " + capability);
    return headers;
  }

  private static void ref(DataOutputStream out, String name) throws IOException {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    out.writeShort(bytes.length);
    out.write(bytes);
  }

  /** A push header moving {@code ref} from {@code expected} to {@code value}. */
  private static void pushHeader(DataOutputStream out, String ref, @Nullable Hash expected, Hash value)
      throws IOException {
    out.writeByte(0);
    out.writeShort(1);
    ref(out, ref);
    out.write(expected == null ? new byte[32] : expected.toBytes());
    out.write(value.toBytes());
  }

  private static void ids(DataOutputStream out, int count) throws IOException {
    out.writeInt(count);
    for (int i = 0; i < count; i++) {
      out.write(Hash.of(new byte[] {(byte) i, (byte) (i >> 8)}).toBytes());
    }
  }

  private List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    Hash seven = Hash.of(new byte[] {7});
    // Versions and capabilities.
    cases.add(get("no protocol version", "/repo/refs", headers(), 400, "names none"));
    cases.add(get("protocol version 2", "/repo/refs", headers("Prolly-Protocol", "2"), 400, "asks for version '2'"));
    cases.add(get("protocol version 0", "/repo/refs", headers("Prolly-Protocol", "0"), 400, "asks for version '0'"));
    cases.add(get("protocol version not a number", "/repo/refs", headers("Prolly-Protocol", "one"), 400,
        "asks for version 'one'"));
    cases.add(get("unknown capability", "/repo/refs", v1("Prolly-Capabilities", "fetch, zstd"), 400,
        "unknown capability 'zstd'"));
    cases.add(get("unknown capability alone", "/repo/refs", v1("Prolly-Capabilities", "partial-clone"), 400,
        "unknown capability 'partial-clone'"));
    cases.add(get("push capability with a read token", "/repo/refs", v1("Prolly-Capabilities", "push",
        "Authorization", "Bearer " + READER), 403, "token 'reader' may read 'repo' but not push"));
    // Paths: traversal, encodings, unknown names and operations, methods.
    cases.add(get("dot-dot before the name", "/../repo/refs", v1(), 400, "is not /NAME/OPERATION"));
    cases.add(get("encoded dot-dot", "/%2e%2e/refs", v1(), 400, "is not /NAME/OPERATION"));
    cases.add(get("name starting with a dot", "/.repo/refs", v1(), 400, "is not /NAME/OPERATION"));
    cases.add(get("dot-dot after the name", "/repo/../refs", v1(), 400, "is not /NAME/OPERATION"));
    cases.add(get("encoded slash in the name", "/a%2Fb/refs", v1(), 400, "is not /NAME/OPERATION"));
    cases.add(get("encoded NUL in the name", "/repo%00/refs", v1(), 400, "is not /NAME/OPERATION"));
    cases.add(get("backslash traversal", "/..%5Crepo/refs", v1(), 400, "is not /NAME/OPERATION"));
    cases.add(get("a third path segment", "/repo/refs/extra", v1(), 400, "is not /NAME/OPERATION"));
    cases.add(get("a path over the length limit", "/" + "a".repeat(200) + "/refs", v1(), 414, "206 characters"));
    cases.add(get("unknown repository", "/nothing/refs", v1(), 404, "no repository named 'nothing'"));
    cases.add(get("repository names are case-sensitive", "/REPO/refs", v1(), 404, "no repository named 'REPO'"));
    cases.add(get("unknown operation", "/repo/secrets", v1(), 404, "no operation 'secrets'"));
    cases.add(get("push by GET", "/repo/push", writer(), 405, "push takes POST, not GET"));
    cases.add(new Case("refs by POST", true, "POST", "/repo/refs", v1(), EMPTY, 405, "refs takes GET, not POST"));
    cases.add(new Case("refs by DELETE", true, "DELETE", "/repo/refs", v1(), EMPTY, 405, "not DELETE"));
    cases.add(new Case("nodes by PUT", true, "PUT", "/repo/nodes", v1(), EMPTY, 405, "nodes takes POST, not PUT"));
    // Tokens and scopes.
    cases.add(new Case("no token where one is needed", false, "GET", "/repo/refs", v1(), EMPTY, 401,
        "needs a token for 'repo'"));
    cases.add(new Case("no token, unknown repository", false, "GET", "/nothing/refs", v1(), EMPTY, 401,
        "needs a token"));
    cases.add(new Case("unknown token", false, "GET", "/repo/refs", v1("Authorization", "Bearer not-a-token-4711"),
        EMPTY, 401, "not valid on this server"));
    cases.add(new Case("token that is a prefix of a real one", false, "GET", "/repo/refs",
        v1("Authorization", "Bearer " + WRITER.substring(0, 10)), EMPTY, 401, "not valid on this server"));
    cases.add(new Case("basic authentication", false, "GET", "/repo/refs",
        v1("Authorization", "Basic dXNlcjpwYXNz"), EMPTY, 401, "not 'Bearer TOKEN'"));
    cases.add(new Case("empty bearer token", false, "GET", "/repo/refs", v1("Authorization", "Bearer  "), EMPTY,
        401, "the bearer token is empty"));
    cases.add(new Case("huge bearer token", false, "GET", "/repo/refs", v1("Authorization", "Bearer "
        + "x".repeat(5000)), EMPTY, 401, "longer than 4096"));
    cases.add(new Case("token of another repository", false, "GET", "/repo/refs",
        v1("Authorization", "Bearer " + OUTSIDER), EMPTY, 403, "token 'outsider' grants no access to repository 'repo'"));
    cases.add(new Case("read token pushes", true, "POST", "/repo/push", v1("Authorization", "Bearer " + READER),
        body(out -> pushHeader(out, "heads/main", head, older)), 403, "may read 'repo' but not push"));
    cases.add(new Case("read token of one repository reads another", false, "GET", "/other-1/refs",
        v1("Authorization", "Bearer " + READER), EMPTY, 403, "grants no access to repository 'other-1'"));
    cases.add(new Case("anonymous push where anonymous may read", true, "POST", "/repo/push", v1(),
        body(out -> pushHeader(out, "heads/main", head, older)), 401, "needs a read-write token"));
    cases.add(new Case("anonymous have where anonymous may do nothing", false, "POST", "/repo/have", v1(),
        body(out -> ids(out, 1)), 401, "needs a token"));
    // Batches: counts out of bounds, truncated, trailing bytes.
    cases.add(post("have of 2^31-1 ids", "have", body(out -> out.writeInt(Integer.MAX_VALUE)), 400, "2147483647 ids"));
    cases.add(post("have of -1 ids", "have", body(out -> out.writeInt(-1)), 400, "4294967295 ids"));
    cases.add(post("have of no ids", "have", body(out -> out.writeInt(0)), 400, "declares 0 ids"));
    cases.add(post("have over the batch limit", "have", body(out -> ids(out, 4097)), 400, "4097 ids; 1 to 4096"));
    cases.add(post("nodes over the batch limit", "nodes", body(out -> ids(out, 4097)), 400, "4097 ids; 1 to 4096"));
    cases.add(post("nodes cut inside an id", "nodes", body(out -> {
      out.writeInt(2);
      out.write(new byte[40]);
    }), 400, "ended early"));
    cases.add(post("have with bytes after the ids", "have", body(out -> {
      out.writeInt(1);
      out.write(new byte[33]);
    }), 400, "more data follows"));
    cases.add(post("have with an empty body", "have", EMPTY, 400, "ended early"));
    cases.add(post("have cut inside the count", "have", () -> new byte[] {0, 0}, 400, "ended early"));
    cases.add(post("commits wanting nothing", "commits", body(out -> out.writeInt(0)), 400, "0 wanted commits"));
    cases.add(post("commits wanting too many", "commits", body(out -> ids(out, 1025)), 400, "1025 wanted commits"));
    cases.add(post("commits knowing too many", "commits", body(out -> {
      out.writeInt(1);
      out.write(head.toBytes());
      out.writeInt(65537);
    }), 400, "65537 known commits"));
    cases.add(post("commits wanting a commit no ref names", "commits", body(out -> {
      out.writeInt(1);
      out.write(older.toBytes());
      out.writeInt(0);
    }), 409, "not the head of a branch or tag"));
    cases.add(post("commits wanting a wrong id", "commits", body(out -> {
      out.writeInt(1);
      out.write(seven.toBytes());
      out.writeInt(0);
    }), 409, "not the head of a branch or tag"));
    cases.add(post("commits cut after the wants", "commits", body(out -> {
      out.writeInt(1);
      out.write(head.toBytes());
    }), 400, "ended early"));
    // Commits requests of the changes capability: the same body, the same bounds.
    cases.add(changes("changes: commits wanting a commit no ref names", body(out -> {
      out.writeInt(1);
      out.write(older.toBytes());
      out.writeInt(0);
    }), 409, "not the head of a branch or tag"));
    cases.add(changes("changes: commits knowing too many", body(out -> {
      out.writeInt(1);
      out.write(head.toBytes());
      out.writeInt(65537);
    }), 400, "65537 known commits"));
    cases.add(changes("changes: bytes after the haves", body(out -> {
      out.writeInt(1);
      out.write(head.toBytes());
      out.writeInt(1);
      out.write(older.toBytes());
      out.writeByte(0);
    }), 400, "more data follows"));
    cases.add(changes("changes: commits cut inside the haves", body(out -> {
      out.writeInt(1);
      out.write(head.toBytes());
      out.writeInt(2);
      out.write(older.toBytes());
    }), 400, "ended early"));
    // A changes list is the server's to send: a request carrying one after the haves is refused.
    cases.add(changes("changes: a list of changed nodes sent after the haves", body(out -> {
      out.writeInt(1);
      out.write(head.toBytes());
      out.writeInt(1);
      out.write(older.toBytes());
      RemoteProtocol.writeIds(out, List.of(nonCommit, nonCommit, seven));
    }), 400, "more data follows"));
    cases.add(changes("changes: a huge list of changed nodes sent after the haves", body(out -> {
      out.writeInt(1);
      out.write(head.toBytes());
      out.writeInt(0);
      ids(out, RemoteProtocol.MAX_CHANGES + 1);
    }), 400, "more data follows"));
    cases.add(changes("changes: commits wanting no commit", body(out -> {
      out.writeInt(0);
      out.writeInt(0);
    }), 400, "0 wanted commits"));
    cases.add(changes("changes: commits wanting too many", body(out -> ids(out, RemoteProtocol.MAX_WANTS + 1)),
        400, (RemoteProtocol.MAX_WANTS + 1) + " wanted commits"));
    cases.add(changes("changes: commits wanting a node that is no commit", body(out -> {
      out.writeInt(2);
      out.write(head.toBytes());
      out.write(nonCommit.toBytes());
      out.writeInt(0);
    }), 409, "not the head of a branch or tag"));
    cases.add(new Case("changes and shallow without the depth", true, "POST", "/repo/commits", changesAnd("shallow"),
        body(out -> {
          out.writeInt(1);
          out.write(head.toBytes());
          out.writeInt(0);
        }), 400, "ended early"));
    // Push headers.
    cases.add(post("push with unknown flags", "push", body(out -> out.writeByte(0x80)), 400, "unknown flags"));
    cases.add(post("push moving no ref", "push", body(out -> {
      out.writeByte(0);
      out.writeShort(0);
    }), 400, "moves 0 refs"));
    cases.add(post("push moving too many refs", "push", body(out -> {
      out.writeByte(0);
      out.writeShort(1025);
    }), 400, "moves 1025 refs"));
    cases.add(post("push with an empty ref name", "push", body(out -> {
      out.writeByte(0);
      out.writeShort(1);
      out.writeShort(0);
    }), 400, "claims 0 bytes"));
    cases.add(post("push with a ref name over the limit", "push", body(out -> {
      out.writeByte(0);
      out.writeShort(1);
      ref(out, "heads/" + "b".repeat(59));
    }), 400, "claims 65 bytes; names have 1 to 64"));
    cases.add(post("push with a ref name of 65535 bytes", "push", body(out -> {
      out.writeByte(0);
      out.writeShort(1);
      out.writeShort(65535);
    }), 400, "claims 65535 bytes"));
    cases.add(post("push with a traversing ref name", "push", body(out -> {
      out.writeByte(0);
      out.writeShort(1);
      ref(out, "heads/../x");
    }), 400, ".."));
    cases.add(post("push with a ref name of invalid UTF-8", "push", body(out -> {
      out.writeByte(0);
      out.writeShort(1);
      out.writeShort(5);
      out.write(new byte[] {(byte) 0xC3, 0x28, 'a', 'b', 'c'});
    }), 400, "not valid UTF-8"));
    cases.add(post("push to a ref neither branch nor tag", "push", body(out -> {
      out.writeByte(0);
      out.writeShort(1);
      ref(out, "refs/secret");
    }), 400, "neither a branch"));
    cases.add(post("push naming a ref twice", "push", body(out -> {
      out.writeByte(0);
      out.writeShort(2);
      for (int i = 0; i < 2; i++) {
        ref(out, "heads/main");
        out.write(head.toBytes());
        out.write(older.toBytes());
      }
    }), 400, "names heads/main twice"));
    cases.add(post("push deleting a ref", "push", body(out -> {
      out.writeByte(0);
      out.writeShort(1);
      ref(out, "heads/main");
      out.write(head.toBytes());
      out.write(new byte[32]);
    }), 400, "deleting refs by push is not supported"));
    cases.add(post("push cut inside the header", "push", body(out -> {
      out.writeByte(0);
      out.writeShort(1);
      ref(out, "heads/main");
      out.write(new byte[10]);
    }), 400, "ended early"));
    // Push frames.
    cases.add(post("node whose bytes do not hash to its id", "push", body(out -> {
      pushHeader(out, "heads/main", head, seven);
      out.write(seven.toBytes());
      out.writeInt(1);
      out.writeByte(8);
      out.write(new byte[32]);
    }), 400, "hashes to"));
    cases.add(post("node of length 2^31-1", "push", body(out -> {
      pushHeader(out, "heads/main", head, seven);
      out.write(seven.toBytes());
      out.writeInt(Integer.MAX_VALUE);
    }), 400, "claims 2147483647 bytes"));
    cases.add(post("node of negative length", "push", body(out -> {
      pushHeader(out, "heads/main", head, seven);
      out.write(seven.toBytes());
      out.writeInt(-5);
    }), 400, "claims 4294967291 bytes"));
    cases.add(post("node over the node size limit", "push", body(out -> {
      pushHeader(out, "heads/main", head, seven);
      out.write(seven.toBytes());
      out.writeInt(65537);
    }), 400, "claims 65537 bytes; nodes have 0 to 65536"));
    cases.add(post("node cut short", "push", body(out -> {
      pushHeader(out, "heads/main", head, seven);
      out.write(seven.toBytes());
      out.writeInt(100);
      out.write(new byte[10]);
    }), 400, "ended early"));
    cases.add(post("push without the end frame", "push", body(out -> pushHeader(out, "heads/main", head, older)),
        400, "ended early"));
    cases.add(post("bytes after the end frame", "push", body(out -> {
      pushHeader(out, "heads/main", head, older);
      out.write(new byte[33]);
    }), 400, "more data follows"));
    cases.add(post("ref pointing at a missing node", "push", body(out -> {
      pushHeader(out, "heads/main", head, seven);
      out.write(new byte[32]);
    }), 400, "neither in the push nor in the repository"));
    cases.add(post("new branch pointing at a missing node", "push", body(out -> {
      pushHeader(out, "heads/new", null, seven);
      out.write(new byte[32]);
    }), 400, "neither in the push nor in the repository"));
    cases.add(post("node referring to nodes never sent", "push", body(out -> {
      pushHeader(out, "heads/main", head, foreignCommitId);
      out.write(foreignCommitId.toBytes());
      out.writeInt(foreignCommit.length);
      out.write(foreignCommit);
      out.write(new byte[32]);
    }), 400, "send children before their parents"));
    cases.add(post("ref pointing at a node that is no commit", "push", body(out -> {
      pushHeader(out, "heads/main", head, nonCommit);
      out.write(new byte[32]);
    }), 422, "which is not a commit"));
    cases.add(post("push that is not a fast-forward", "push", body(out -> {
      pushHeader(out, "heads/main", head, older);
      out.write(new byte[32]);
    }), 422, "not a fast-forward"));
    cases.add(post("push moving a tag", "push", body(out -> {
      pushHeader(out, "tags/v1", tagged, head);
      out.write(new byte[32]);
    }), 422, "tags never move without force"));
    cases.add(post("push expecting a stale head", "push", body(out -> {
      pushHeader(out, "heads/main", older, head);
      out.write(new byte[32]);
    }), 409, "lost a race"));
    cases.add(post("push creating a branch that exists", "push", body(out -> {
      pushHeader(out, "heads/main", null, older);
      out.write(new byte[32]);
    }), 409, "lost a race"));
    cases.add(post("push body over the size limit", "push", body(out -> {
      out.writeByte(0);
      out.writeShort(60);
      for (int i = 0; i < 60; i++) {
        ref(out, String.format("heads/branch-%04d", i));
        out.write(new byte[32]);
        out.write(head.toBytes());
      }
      out.write(new byte[32]);
    }), 413, "larger than the 4096 bytes"));
    return cases;
  }

  @TestFactory
  Stream<DynamicTest> eachHostileRequestIsRefusedWithItsStatusAndMessageAndChangesNothing() {
    List<Case> cases = cases();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(50);
    assertThat(cases.stream().map(Case::name).distinct()).hasSameSizeAs(cases);
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
  }

  private void check(Case hostile) throws Exception {
    SortedMap<String, Hash> branches = new TreeMap<>(target.branches());
    SortedMap<String, Hash> tags = new TreeMap<>(target.tags());
    long nodes = RemoteSyncTest.nodeCount(target);
    ProllyServer server = hostile.anonymousReads() ? open : closed;
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
        + hostile.path()));
    hostile.headers().forEach(request::header);
    byte[] body = hostile.body().bytes();
    request.method(hostile.method(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(body));
    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(hostile.status());
    assertThat(response.body()).contains(hostile.message());
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    if (hostile.status() == 401) {
      assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value ->
          assertThat(value).startsWith("Bearer"));
    }
    for (String token : List.of(READER, WRITER, OUTSIDER, "not-a-token-4711")) {
      assertThat(response.body()).as("a token in a message").doesNotContain(token);
    }
    assertThat(target.branches()).as("branches").isEqualTo(branches);
    assertThat(target.tags()).as("tags").isEqualTo(tags);
    assertThat(RemoteSyncTest.nodeCount(target)).as("nodes stored").isEqualTo(nodes);
  }

  /** A node of a stream answer. */
  private record Frame(Hash id, byte[] node) {}

  /** A hostile answer to a clone's stream request, and what the client must say about it. */
  private record StreamCase(String name, int status, Body answer, String message) {}

  private static Body frames(List<Frame> frames, boolean end, Writer then) {
    return body(out -> {
      for (Frame frame : frames) {
        out.write(frame.id().toBytes());
        out.writeInt(frame.node().length);
        out.write(frame.node());
      }
      if (end) {
        out.write(new byte[32]);
      }
      then.write(out);
    });
  }

  private static Body frames(List<Frame> frames) {
    return frames(frames, true, out -> { });
  }

  private static List<Frame> parse(byte[] stream) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(stream));
    List<Frame> frames = new ArrayList<>();
    while (true) {
      byte[] id = new byte[32];
      in.readFully(id);
      if (Arrays.equals(id, new byte[32])) {
        return frames;
      }
      byte[] node = new byte[in.readInt()];
      in.readFully(node);
      frames.add(new Frame(Hash.fromBytes(id), node));
    }
  }

  private static List<Frame> without(List<Frame> frames, int index) {
    List<Frame> left = new ArrayList<>(frames);
    left.remove(index);
    return left;
  }

  /** The index of the first tree node whose first child came before it, and of that child. */
  private static int[] nodeAndChild(List<Frame> frames) {
    for (int i = 0; i < frames.size(); i++) {
      if (!NodeLinks.isCommit(frames.get(i).node())) {
        List<Hash> links = TreeNodes.references(frames.get(i).id(), frames.get(i).node());
        for (int j = 0; j < i && !links.isEmpty(); j++) {
          if (frames.get(j).id().equals(links.get(0))) {
            return new int[] {i, j};
          }
        }
      }
    }
    throw new AssertionError("no tree node with a child in the stream");
  }

  private List<StreamCase> streamCases(List<Frame> frames) {
    int internal = nodeAndChild(frames)[0];
    int child = nodeAndChild(frames)[1];
    Frame first = frames.get(0);
    Frame last = frames.get(frames.size() - 1);
    assertThat(NodeLinks.isCommit(last.node())).as("the stream ends with the head commit").isTrue();
    List<Frame> prefix = frames.subList(0, internal);
    byte[] flipped = first.node().clone();
    flipped[flipped.length - 1] ^= 1;
    byte[] malformedTree = new byte[64];
    Arrays.fill(malformedTree, (byte) 0x7f);
    byte[] malformedCommit = "PCMT and then nothing a commit holds".getBytes(StandardCharsets.US_ASCII);
    List<Frame> reversed = new ArrayList<>(frames);
    java.util.Collections.reverse(reversed);
    List<StreamCase> cases = new ArrayList<>();
    cases.add(new StreamCase("stream node whose bytes do not hash to its id", 200,
        frames(List.of(new Frame(first.id(), flipped))), "hashes to"));
    cases.add(new StreamCase("stream node under another node's id", 200,
        frames(List.of(new Frame(frames.get(1).id(), first.node()))), "hashes to"));
    cases.add(new StreamCase("stream node of length 2^31-1", 200, frames(prefix, false, out -> {
      out.write(first.id().toBytes());
      out.writeInt(Integer.MAX_VALUE);
    }), "claims 2147483647 bytes"));
    cases.add(new StreamCase("stream node of negative length", 200, frames(prefix, false, out -> {
      out.write(first.id().toBytes());
      out.writeInt(-1);
    }), "claims 4294967295 bytes"));
    cases.add(new StreamCase("stream node over the node size limit", 200, frames(prefix, false, out -> {
      out.write(first.id().toBytes());
      out.writeInt(RemoteProtocol.MAX_NODE_SIZE + 1);
    }), "claims " + (RemoteProtocol.MAX_NODE_SIZE + 1) + " bytes"));
    cases.add(new StreamCase("stream cut inside a node", 200, frames(prefix, false, out -> {
      Frame next = frames.get(internal);
      out.write(next.id().toBytes());
      out.writeInt(next.node().length);
      out.write(next.node(), 0, next.node().length / 2);
    }), "cut off"));
    cases.add(new StreamCase("stream cut inside an id", 200,
        frames(prefix, false, out -> out.write(frames.get(internal).id().toBytes(), 0, 10)), "cut off"));
    cases.add(new StreamCase("stream cut inside a length", 200, frames(prefix, false, out -> {
      out.write(frames.get(internal).id().toBytes());
      out.writeShort(0);
    }), "cut off"));
    cases.add(new StreamCase("stream without its end frame", 200, frames(frames, false, out -> { }), "cut off"));
    cases.add(new StreamCase("empty stream answer", 200, EMPTY, "cut off"));
    cases.add(new StreamCase("bytes after the end frame", 200, frames(frames, true, out -> out.writeByte(0)),
        "more data follows"));
    cases.add(new StreamCase("stream sending parents before children", 200, frames(reversed), "before node"));
    cases.add(new StreamCase("stream leaving out a child", 200, frames(without(frames, child)), "before node"));
    cases.add(new StreamCase("stream of the head commit alone", 200, frames(List.of(last)), "before node"));
    cases.add(new StreamCase("stream without the wanted commit", 200,
        frames(frames.subList(0, frames.size() - 1)), "without commit " + last.id().toShortHex()));
    cases.add(new StreamCase("stream with a malformed tree node", 200,
        frames(List.of(new Frame(Hash.of(malformedTree), malformedTree))), "malformed node"));
    cases.add(new StreamCase("stream with a malformed commit", 200,
        frames(List.of(new Frame(Hash.of(malformedCommit), malformedCommit))), "malformed node"));
    cases.add(new StreamCase("stream answered with an error", 500,
        () -> "out of order".getBytes(StandardCharsets.UTF_8), "HTTP 500"));
    return cases;
  }

  @TestFactory
  Stream<DynamicTest> eachHostileStreamAnswerIsRefusedByTheCloneWhichKeepsOnlyCheckedCompleteSubtrees()
      throws IOException {
    Repository source = Prolly.open("memory:");
    RemoteSyncTest.commit(source, "main", 0, 3000);
    RemoteSyncTest.commit(source, "main", 3000, 100);
    Set<Hash> sourceNodes = new HashSet<>();
    try (ReadTransaction tx = source.nodeStore().beginRead()) {
      tx.forEachNode(sourceNodes::add);
    }
    ScriptedServer server = new ScriptedServer(source);
    byte[] real = server.real("POST", "stream", "fetch, stream", body(out -> {
      out.writeInt(1);
      out.write(source.resolve("main").toBytes());
      out.writeInt(0);
    }).bytes());
    List<StreamCase> cases = streamCases(parse(real));
    assertThat(cases.stream().map(StreamCase::name).distinct()).hasSameSizeAs(cases);
    return Stream.concat(
        cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
          server.script("stream", new ScriptedServer.Answer(c.status(), c.answer().bytes()));
          try (Repository clone = Prolly.open("memory:")) {
            assertThatThrownBy(() -> clone.transfer().cloneFrom(server.remote()))
                .isInstanceOf(RemoteException.class).hasMessageContaining(c.message());
            assertThat(clone.branches()).isEmpty();
            assertThat(clone.tags()).isEmpty();
            RemoteSyncTest.assertNoDanglingNodes(clone);
            try (ReadTransaction tx = clone.nodeStore().beginRead()) {
              tx.forEachNode(id -> assertThat(sourceNodes).as("a node stored that the source does not hold")
                  .contains(id));
            }
            assertThat(clone.maintenance().verify().problems()).isEmpty();
          }
        })),
        Stream.of(DynamicTest.dynamicTest("the stream as the server sends it clones", () -> {
          server.script("stream", new ScriptedServer.Answer(200, real));
          try (Repository clone = Prolly.open("memory:")) {
            clone.transfer().cloneFrom(server.remote());
            assertThat(clone.branches()).isEqualTo(source.branches());
            Set<Hash> stored = new HashSet<>();
            try (ReadTransaction tx = clone.nodeStore().beginRead()) {
              tx.forEachNode(stored::add);
            }
            assertThat(stored).containsAll(sourceNodes);
            try (Repository recordsOnlyOrigin = Prolly.open("memory:")) {
              recordsOnlyOrigin.remotes().add(Remotes.ORIGIN, server.remote().uri());
              assertThat(stored.size() - sourceNodes.size()).as("nodes besides the source's: the origin recorded")
                  .isEqualTo(RemoteSyncTest.nodeCount(recordsOnlyOrigin));
            }
          }
          server.close();
          source.close();
        })));
  }
}

package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.server.Access;
import io.prolly.server.ProllyServer;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The target of hostile requests: a repository with a branch, a tag and an older commit, served
 * by two servers on the loopback address, one where clients without a token may read and one
 * where they may do nothing; both with tight limits, so that every limit has a case. {@link
 * #check} sends one request byte by byte and asserts its answer, and that the target's refs and
 * nodes did not change.
 */
final class HostileServer implements AutoCloseable {

  static final String READER = "reader-token-3f9a1c";
  static final String WRITER = "writer-token-77d0e2";
  static final String OUTSIDER = "outsider-token-0b5e";

  /** An id no node has. */
  static final Hash SEVEN = Hash.of(new byte[] {7});

  final Repository target;
  private final ProllyServer open;
  private final ProllyServer closed;
  private final HttpClient client = HttpClient.newHttpClient();
  final Hash head;
  final Hash older;
  final Hash tagged;
  /** A node of the target that is not a commit. */
  final Hash nonCommit;
  /** A commit whose parent and registry the target does not have. */
  final byte[] foreignCommit;
  final Hash foreignCommitId;

  HostileServer() {
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

  @Override
  public void close() {
    open.close();
    closed.close();
    target.close();
  }

  /** Sends {@code hostile} and asserts its status and message, and that the target is unchanged. */
  void check(HostileRequest hostile) throws Exception {
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
}

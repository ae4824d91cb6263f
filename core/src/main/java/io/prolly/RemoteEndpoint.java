package io.prolly;

import io.prolly.commit.Commit;
import io.prolly.commit.CommitGraph;
import io.prolly.commit.CommitSource;
import io.prolly.commit.HistoryDifference;
import io.prolly.commit.RefNames;
import io.prolly.error.CommitRefusedException;
import io.prolly.error.CorruptNodeException;
import io.prolly.error.ProllyException;
import io.prolly.error.PushRejectedException;
import io.prolly.error.StoreClosedException;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.support.Arguments;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The server side of the remote protocol (docs/protocol.md) for one repository, independent of
 * the HTTP server that carries it: an HTTP server hands each request's method, operation (the
 * last path segment), headers and body to {@link #handle} and sends the {@link Reply} back. The
 * {@code prolly-server} module does exactly that; embed this class to serve a repository from
 * another HTTP stack.
 *
 * <p>Every request is untrusted input: counts, lengths and names are checked against their bounds
 * before anything is allocated, every node pushed must hash to its id and arrive after what it
 * refers to, refs move last, by compare-and-set, through the repository's validators. A failed
 * request changes no ref; a push cut off keeps only the nodes received whole, which are complete
 * subtrees, so that the client's retry sends only the rest.
 *
 * <p>Thread-safe: requests may be handled concurrently.
 */
public final class RemoteEndpoint {

  private final Repository repository;
  private final boolean readOnly;
  private final RemoteLimits limits;
  private final RefWaits waits;
  /** Capabilities this endpoint neither lists nor accepts, as a server from before them would not. */
  private final Set<String> withheld;

  private RemoteEndpoint(Repository repository, boolean readOnly, RemoteLimits limits, RefWaits waits,
      Set<String> withheld) {
    this.repository = repository;
    this.readOnly = readOnly;
    this.limits = limits;
    this.waits = waits;
    this.withheld = Set.copyOf(withheld);
  }

  /**
   * Serves a repository.
   *
   * @param repository the repository; pushes write through it, so its validators judge them
   * @param readOnly whether pushes are refused (403)
   * @param maxPushBytes the largest push body accepted (413 beyond), at least 1024
   * @return the endpoint
   * @throws IllegalArgumentException if {@code repository} is null or {@code maxPushBytes} is below 1024
   */
  public static RemoteEndpoint of(Repository repository, boolean readOnly, long maxPushBytes) {
    Arguments.notNull(repository, "repository");
    return of(repository, readOnly, RemoteLimits.defaults().withMaxPushBytes(maxPushBytes));
  }

  /**
   * Serves a repository within limits.
   *
   * @param repository the repository; pushes write through it, so its validators judge them
   * @param readOnly whether pushes are refused (403)
   * @param limits how much one request may ask
   * @return the endpoint
   * @throws IllegalArgumentException if an argument is null
   */
  public static RemoteEndpoint of(Repository repository, boolean readOnly, RemoteLimits limits) {
    Arguments.notNull(repository, "repository");
    Arguments.notNull(limits, "limits");
    return new RemoteEndpoint(repository, readOnly, limits, new RefWaits(repository, limits.maxWaiting()), Set.of());
  }

  /**
   * Returns a read-only endpoint of the same repository and limits that shares this one's
   * {@code wait} requests: a server that answers readers and writers through two endpoints keeps
   * one watch per branch and one {@link RemoteLimits#maxWaiting()} for both. Closing either closes
   * the waits of both.
   *
   * @return this endpoint if it is read-only already, else a read-only view of it
   */
  public RemoteEndpoint readOnlyView() {
    return readOnly ? this : new RemoteEndpoint(repository, true, limits, waits, withheld);
  }

  /**
   * This endpoint as a server that does not know some capabilities: it neither lists them nor
   * accepts a request naming them (400). For tests of clients facing an older server.
   */
  RemoteEndpoint withholding(Set<String> capabilities) {
    return new RemoteEndpoint(repository, readOnly, limits, waits, capabilities);
  }

  /**
   * An answer to send: status, headers, and a body written once the status is sent. A body that
   * fails while it is written has already told the client 200: the server must then cut the
   * connection, which the client reads as a cut answer.
   */
  public static final class Reply {

    private final int status;
    private final Map<String, List<String>> headers;
    private final BodyWriter body;
    /** For a {@code wait} request: the answer to come, once the branch moved or the wait timed out. */
    private final @Nullable CompletableFuture<Reply> later;

    /** Writes a reply's body. */
    @FunctionalInterface
    interface BodyWriter {
      void write(OutputStream out) throws IOException;
    }

    Reply(int status, Map<String, List<String>> headers, BodyWriter body) {
      this.status = status;
      this.headers = Map.copyOf(headers);
      this.body = body;
      this.later = null;
    }

    private Reply(CompletableFuture<Reply> later) {
      this.status = 0;
      this.headers = Map.of();
      this.body = out -> { };
      this.later = later;
    }

    /**
     * Returns the HTTP status.
     *
     * @return 200 or an error status from docs/protocol.md
     */
    public int status() {
      return status;
    }

    /**
     * Returns the headers to send, Content-Type included.
     *
     * @return header name to values
     */
    public Map<String, List<String>> headers() {
      return headers;
    }

    /**
     * Writes the body. Call once, after sending the status and headers.
     *
     * @param out where the body goes; flushed, not closed
     * @throws IOException if writing fails
     * @throws IllegalArgumentException if {@code out} is null
     */
    public void writeTo(OutputStream out) throws IOException {
      Arguments.notNull(out, "out");
      BufferedOutputStream buffered = new BufferedOutputStream(out, 64 * 1024);
      body.write(buffered);
      buffered.flush();
    }
  }

  /**
   * Handles one request, on the calling thread: a {@code wait} request blocks it until the
   * branch moves or the wait times out (see {@link #handleAsync} to hold no thread meanwhile).
   *
   * @param method the HTTP method, such as {@code GET}
   * @param operation what the request asks: {@code refs}, {@code have}, {@code commits},
   *     {@code nodes}, {@code stream}, {@code push} or {@code wait}
   * @param headers looks up a request header by name, null when absent
   * @param body the request body; read, not closed
   * @return the answer, with an error status and a message for requests that are refused
   * @throws IllegalArgumentException if an argument is null
   */
  public Reply handle(String method, String operation, Function<String, @Nullable String> headers, InputStream body) {
    Reply reply = answer(method, operation, headers, body);
    return reply.later == null ? reply : reply.later.join();
  }

  /**
   * Handles one request like {@link #handle}, but answers a {@code wait} request later without
   * holding the calling thread: the body is read before this returns, and the future completes on
   * a thread of the endpoint's once the branch moved or the wait timed out. Every other request is
   * answered before this returns. The future never completes exceptionally.
   *
   * @param method the HTTP method, such as {@code GET}
   * @param operation what the request asks, as for {@link #handle}
   * @param headers looks up a request header by name, null when absent
   * @param body the request body; read, not closed
   * @return the answer, or the answer to come
   * @throws IllegalArgumentException if an argument is null
   */
  public CompletableFuture<Reply> handleAsync(String method, String operation,
      Function<String, @Nullable String> headers, InputStream body) {
    Reply reply = answer(method, operation, headers, body);
    return reply.later == null ? CompletableFuture.completedFuture(reply) : reply.later;
  }

  /**
   * Answers every waiting {@code wait} request with 503 and refuses new ones: what a server does
   * as it stops. The repository stays open; other requests are still answered. Idempotent.
   */
  public void close() {
    waits.close();
  }

  private Reply answer(String method, String operation, Function<String, @Nullable String> headers, InputStream body) {
    Arguments.notNull(method, "method");
    Arguments.notNull(operation, "operation");
    Arguments.notNull(headers, "headers");
    Arguments.notNull(body, "body");
    try {
      String version = headers.apply(RemoteProtocol.VERSION_HEADER);
      if (version == null || !version.strip().equals(Integer.toString(RemoteProtocol.VERSION))) {
        throw RemoteProtocol.bad("this server speaks protocol version " + RemoteProtocol.VERSION + " and the request "
            + (version == null ? "names none" : "asks for version '" + version.strip() + "'") + "; send the header "
            + RemoteProtocol.VERSION_HEADER + ": " + RemoteProtocol.VERSION + " (update the client if it is older)");
      }
      boolean push = operation.equals("push");
      Set<String> asked = checkCapabilities(headers.apply(RemoteProtocol.CAPABILITIES_HEADER));
      if (!List.of("refs", "have", "commits", "nodes", "stream", "push", "wait").contains(operation)) {
        throw new RemoteProtocol.Violation(404, "there is no operation '" + operation + "'; the operations are refs, "
            + "have, commits, nodes, stream, push and wait");
      }
      String expectedMethod = operation.equals("refs") ? "GET" : "POST";
      if (!method.equals(expectedMethod)) {
        throw new RemoteProtocol.Violation(405, operation + " takes " + expectedMethod + ", not " + method);
      }
      if (push && readOnly) {
        throw new RemoteProtocol.Violation(403, "this repository is served read-only; pushes are refused");
      }
      DataInputStream in = new DataInputStream(new BufferedInputStream(
          new Limited(body, push ? limits.maxPushBytes() : limits.maxQueryBytes()), 64 * 1024));
      return switch (operation) {
        case "refs" -> binary(out -> {
          out.writeByte(RemoteProtocol.VERSION);
          List<String> capabilities = capabilities();
          out.writeShort(capabilities.size());
          for (String capability : capabilities) {
            out.writeByte(capability.length());
            out.write(capability.getBytes(StandardCharsets.US_ASCII));
          }
          RemoteProtocol.writeRefs(out, listedRefs());
        });
        case "have" -> have(in);
        case "commits" -> commits(in, asked.contains(RemoteProtocol.SHALLOW), asked.contains(RemoteProtocol.CHANGES));
        case "nodes" -> nodes(in);
        case "stream" -> stream(in);
        case "wait" -> await(in);
        default -> new RemoteReceive(repository, limits).receive(in);
      };
    } catch (RemoteProtocol.Violation e) {
      return text(e.status, e.getMessage());
    } catch (Limited.TooLarge e) {
      return text(413, e.getMessage());
    } catch (IOException e) {
      return text(400, "the request body ended early or could not be read (" + e.getMessage() + "); send it again");
    } catch (CorruptNodeException e) {
      return text(400, e.getMessage());
    } catch (CommitRefusedException | PushRejectedException e) {
      return text(422, e.getMessage());
    } catch (StoreClosedException e) {
      return text(503, "the repository is closed: " + e.getMessage());
    } catch (ProllyException | IllegalArgumentException e) {
      return text(400, e.getMessage());
    }
  }

  /** Checks the capabilities a request asks for; returns those that change a request ({@code shallow}, {@code changes}). */
  private Set<String> checkCapabilities(@Nullable String requested) {
    Set<String> asked = new HashSet<>();
    if (requested == null || requested.isBlank()) {
      return asked;
    }
    for (String capability : requested.split("[,\\s]+")) {
      if (capability.isEmpty()) {
        continue;
      }
      if (withheld.contains(capability) || !List.of(RemoteProtocol.FETCH, RemoteProtocol.PUSH, RemoteProtocol.WATCH,
          RemoteProtocol.SHALLOW, RemoteProtocol.CHANGES, RemoteProtocol.STREAM).contains(capability)) {
        throw RemoteProtocol.bad("unknown capability '" + printable(capability) + "'; this server offers "
            + capabilities());
      }
      if (capability.equals(RemoteProtocol.PUSH) && readOnly) {
        throw new RemoteProtocol.Violation(403, "this repository is served read-only; it does not offer 'push'");
      }
      if (capability.equals(RemoteProtocol.SHALLOW) || capability.equals(RemoteProtocol.CHANGES)) {
        asked.add(capability);
      }
    }
    return asked;
  }

  private List<String> capabilities() {
    List<String> offered = new ArrayList<>(List.of(RemoteProtocol.FETCH));
    if (!readOnly) {
      offered.add(RemoteProtocol.PUSH);
    }
    offered.add(RemoteProtocol.WATCH);
    offered.add(RemoteProtocol.SHALLOW);
    offered.add(RemoteProtocol.CHANGES);
    offered.add(RemoteProtocol.STREAM);
    if (limits.maxBatch() < RemoteProtocol.MAX_BATCH) {
      offered.add(RemoteProtocol.MAX_BATCH_CAPABILITY + limits.maxBatch());
    }
    offered.removeAll(withheld);
    return offered;
  }

  private SortedMap<String, Hash> listedRefs() {
    try (ReadTransaction tx = repository.nodeStore().beginRead()) {
      SortedMap<String, Hash> refs = new TreeMap<>(tx.refs(RefNames.BRANCHES));
      refs.putAll(tx.refs(RefNames.TAGS));
      return refs;
    }
  }

  private Reply await(DataInputStream in) throws IOException {
    String ref = RemoteProtocol.readRefName(in, limits.maxRefNameBytes());
    Hash since = RemoteProtocol.readHash(in);
    long timeout = in.readInt() & 0xFFFFFFFFL;
    requireEnd(in);
    if (timeout < 1 || timeout > RefWaits.MAX_TIMEOUT_MILLIS) {
      throw RemoteProtocol.bad("a wait of " + timeout + " ms was asked; ask for 1 to " + RefWaits.MAX_TIMEOUT_MILLIS);
    }
    return new Reply(waits.await(ref, since.equals(RemoteProtocol.ZERO) ? null : since, timeout));
  }

  private Reply have(DataInputStream in) throws IOException {
    List<Hash> ids = RemoteProtocol.readIds(in, 1, limits.maxBatch(), "ids");
    requireEnd(in);
    byte[] bitmap = new byte[(ids.size() + 7) / 8];
    try (ReadTransaction tx = repository.nodeStore().beginRead()) {
      for (int i = 0; i < ids.size(); i++) {
        if (tx.contains(ids.get(i))) {
          bitmap[i / 8] |= (byte) (0x80 >>> (i % 8));
        }
      }
    }
    return binary(out -> {
      out.writeInt(ids.size());
      out.write(bitmap);
    });
  }

  private Reply commits(DataInputStream in, boolean shallow, boolean changes) throws IOException {
    List<Hash> wants = RemoteProtocol.readIds(in, 1, RemoteProtocol.MAX_WANTS, "wanted commits");
    List<Hash> haves = RemoteProtocol.readIds(in, 0, RemoteProtocol.MAX_HAVES, "known commits");
    int depth = shallow ? RemoteProtocol.readCount(in, 1, Integer.MAX_VALUE, "generations of depth")
        : RemoteProtocol.UNLIMITED_DEPTH;
    requireEnd(in);
    List<Hash> found = new ArrayList<>();
    List<Hash> changed = new ArrayList<>();
    try (ReadTransaction tx = repository.nodeStore().beginRead()) {
      requireHeads(tx, wants);
      CommitSource source = repository.commitSource(tx);
      List<Hash> known = haves.stream().filter(id -> isCommit(tx, id)).toList();
      Set<Hash> absent = PartialRefs.absentParentIds(tx); // a shallow server serves what it has
      CommitGraph graph = new CommitGraph(source, absent::contains);
      Set<Hash> stop;
      if (depth == RemoteProtocol.UNLIMITED_DEPTH) {
        HistoryDifference difference = graph.difference(wants, known);
        found.addAll(difference.commits());
        stop = difference.known();
      } else {
        // Bounded by the depth on the wanted side; the known side is empty on a first shallow clone.
        Set<Hash> held = graph.ancestors(known, Set.of());
        PartialTransfer.withinDepth(tx, wants, depth, absent).stream().filter(id -> !held.contains(id))
            .forEach(found::add);
        stop = held;
      }
      if (changes) {
        changed.addAll(changedNodes(tx, source, found, stop));
      }
    }
    return binary(out -> {
      RemoteProtocol.writeIds(out, found);
      if (changes) {
        RemoteProtocol.writeIds(out, changed);
      }
    });
  }

  /**
   * What a {@code changes} answer lists: the nodes of the new commits' trees that the trees of
   * their parents the client has lack, parents first, at most {@value RemoteProtocol#MAX_CHANGES};
   * nothing when no parent is the client's, or a node is missing here (a partial repository): the
   * client then finds the nodes level by level, as it finds whatever the list leaves out.
   */
  private static List<Hash> changedNodes(ReadTransaction tx, CommitSource source, List<Hash> found, Set<Hash> known) {
    Set<Hash> base = new LinkedHashSet<>();
    for (Hash commit : found) {
      for (Hash parent : source.read(commit).parents()) {
        if (known.contains(parent) && tx.contains(parent)) {
          base.add(parent);
        }
      }
    }
    if (base.isEmpty()) {
      return List.of();
    }
    try {
      return ChangedNodes.between(tx, found, base, RemoteProtocol.MAX_CHANGES).nodes();
    } catch (ProllyException e) {
      return List.of();
    }
  }

  private static boolean isCommit(ReadTransaction tx, Hash id) {
    byte[] node = tx.contains(id) ? tx.get(id) : null;
    if (node == null || !NodeLinks.isCommit(node)) {
      return false;
    }
    try {
      Commit.decode(id, node);
      return true;
    } catch (CorruptNodeException e) {
      return false;
    }
  }

  private Reply nodes(DataInputStream in) throws IOException {
    List<Hash> ids = RemoteProtocol.readIds(in, 1, limits.maxBatch(), "ids");
    requireEnd(in);
    return binary(out -> {
      // Unverified reads: the receiver hashes every node on arrival anyway (a damaged one is refused
      // there), and a second SHA-256 here was a third of what a clone cost.
      try (ReadTransaction tx = repository.backend().beginRead()) {
        for (Hash id : ids) {
          byte[] node = tx.get(id);
          out.write(id.toBytes());
          if (node == null) {
            out.writeInt(-1);
          } else {
            out.writeInt(node.length);
            out.write(node);
          }
        }
      }
    });
  }

  /**
   * Answers a {@code stream} request: every node the wants reach, not below a have, children
   * first, each once, then the end frame. The wants are checked before the answer starts, so a
   * head that moved meanwhile is a 409 the client can list again for.
   */
  private Reply stream(DataInputStream in) throws IOException {
    List<Hash> wants = RemoteProtocol.readIds(in, 1, RemoteProtocol.MAX_WANTS, "wanted commits");
    List<Hash> haves = RemoteProtocol.readIds(in, 0, RemoteProtocol.MAX_HAVES, "held nodes");
    requireEnd(in);
    try (ReadTransaction tx = repository.nodeStore().beginRead()) {
      requireHeads(tx, wants);
      if (PartialRefs.read(tx).isPartial()) {
        throw new RemoteProtocol.Violation(422, "this repository is a partial clone and lacks part of its history, so it "
            + "cannot stream a whole one; fetch from a complete repository, or clone with a depth");
      }
    }
    return binary(out -> {
      // Unverified reads, as for nodes: the receiver hashes every node on arrival anyway.
      try (ReadTransaction tx = repository.backend().beginRead()) {
        ChildrenFirstWalk walk = new ChildrenFirstWalk(tx);
        // Everything below a have, not just the have: a subtree it holds may be reached by other paths too.
        Set<Hash> skip = new HashSet<>();
        walk.enterBelow(haves, skip::add);
        walk.walkLeavesFirst(wants, skip, (id, node) -> {
          out.write(id.toBytes());
          out.writeInt(node.length);
          out.write(node);
        });
      }
      out.write(RemoteProtocol.ZERO.toBytes());
    });
  }

  /** Refuses (409) a want that is not the head of a branch or tag. */
  private static void requireHeads(ReadTransaction tx, List<Hash> wants) {
    Set<Hash> heads = new HashSet<>(tx.refs(RefNames.BRANCHES).values());
    heads.addAll(tx.refs(RefNames.TAGS).values());
    for (Hash want : wants) {
      if (!heads.contains(want)) {
        throw new RemoteProtocol.Violation(409, "commit " + want.toShortHex() + " is not the head of a branch or "
            + "tag here (any more); list the refs again and fetch what they name");
      }
    }
  }

  /** A value from a request, fit to quote in a message: at most 64 characters, controls shown as '?'. */
  static String printable(String value) {
    String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
    return shown.replaceAll("\\p{Cntrl}", "?");
  }

  static void requireEnd(DataInputStream in) throws IOException {
    if (in.read() != -1) {
      throw RemoteProtocol.bad("more data follows the end of the request");
    }
  }

  interface DataWriter {
    void write(DataOutputStream out) throws IOException;
  }

  static Reply binary(DataWriter writer) {
    return new Reply(200, Map.of("Content-Type", List.of(RemoteProtocol.BINARY)), out -> {
      DataOutputStream data = new DataOutputStream(out);
      writer.write(data);
      data.flush();
    });
  }

  static Reply text(int status, String message) {
    return text(status, message, Map.of());
  }

  static Reply text(int status, String message, Map<String, List<String>> extra) {
    Map<String, List<String>> headers = new java.util.HashMap<>(extra);
    headers.put("Content-Type", List.of(RemoteProtocol.TEXT));
    byte[] bytes = (message + "\n").getBytes(StandardCharsets.UTF_8);
    return new Reply(status, headers, out -> out.write(bytes));
  }

  /** A body that may hold at most so many bytes: beyond, reading fails with {@link TooLarge}. */
  static final class Limited extends FilterInputStream {

    static final class TooLarge extends IOException {
      private static final long serialVersionUID = 1L;

      TooLarge(String message) {
        super(message);
      }
    }

    private final long limit;
    private long count;

    Limited(InputStream in, long limit) {
      super(in);
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        counted(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        counted(n);
      }
      return n;
    }

    private void counted(int n) throws TooLarge {
      count += n;
      if (count > limit) {
        throw new TooLarge("the request body is larger than the " + limit + " bytes this server accepts; push "
            + "fewer commits at a time or ask the operator to raise the limit");
      }
    }
  }
}

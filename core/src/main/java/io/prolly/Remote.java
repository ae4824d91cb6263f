package io.prolly;

import io.prolly.commit.RefNames;
import io.prolly.error.RemoteException;
import io.prolly.spi.Hash;
import io.prolly.spi.support.Arguments;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A repository on another machine, reached over HTTP at {@code http://host:port/NAME} where a
 * {@code prolly serve} (or the {@code prolly-server} module) serves it under NAME. Get one with
 * {@link Prolly#remote(URI)} and use it with {@link Transfer}: {@code cloneFrom}, {@code fetch},
 * {@code pull} and {@code push} move only the nodes the other side lacks, and a push moves the
 * remote branch by compare-and-set. The protocol is docs/protocol.md.
 *
 * <p>A remote holds no connection between calls beyond the HTTP client's pool; it needs no
 * closing. Thread-safe: many transfers may use one remote at once.
 */
public final class Remote {

  /** Bytes a response is read through: small reads (frame headers) come from it, larger reads bypass it. */
  private static final int READ_BUFFER = 1024;

  /** What a repository name in a URL may be: the server's own rule. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final int MAX_ERROR_BYTES = 64 * 1024;

  /** How many times a request the server was too busy for (503 with Retry-After) is sent again. */
  private static final int BUSY_RETRIES = 5;

  private final URI uri;
  private final HttpClient client;
  /** {@code Bearer TOKEN}, or null: kept out of {@link #uri}, {@link #toString()} and every message. */
  private final @Nullable String authorization;
  /** The most ids of one have request: the protocol's, or fewer when the server lists {@code max-batch=N}. */
  private volatile int haveBatch = RemoteProtocol.MAX_BATCH;

  /** The configured remote this handle was got by, or null for one got by URL. */
  private final @Nullable String name;

  Remote(URI uri, RemoteOptions options) {
    this(uri, options, null);
  }

  /** A handle on a remote; {@code name}, checked by the caller, is the configured remote's. */
  Remote(URI uri, RemoteOptions options, @Nullable String name) {
    this.name = name;
    if (options == null) {
      throw new IllegalArgumentException("options is null; give RemoteOptions.defaults() or one with a token");
    }
    this.uri = check(uri);
    String token = options.token();
    if (token == null && uri.getRawUserInfo() != null) {
      // http://user:TOKEN@host/NAME or http://TOKEN@host/NAME: the secret part is the token.
      String userInfo = uri.getUserInfo();
      int colon = userInfo.indexOf(':');
      token = RemoteOptions.checkToken(colon >= 0 ? userInfo.substring(colon + 1) : userInfo);
    }
    this.authorization = token == null ? null : "Bearer " + token;
    HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER);
    // The client's own tasks (handing a request to the connection, an answer to the caller) run on
    // its selector thread instead of hopping to a pool thread and back: a small request then costs
    // two thread switches fewer, a quarter of a one-key push's CPU. Nothing here blocks that
    // thread for long: a push body is produced from the local store as the connection takes it.
    builder.executor(Runnable::run);
    if (options.tls() != null) {
      builder.sslContext(options.tls());
    }
    this.client = builder.build();
  }

  /**
   * Returns where the remote repository is, without any user info (a token) the URL was given with.
   *
   * @return its URL, {@code http://host:port/NAME}
   */
  public URI uri() {
    return uri;
  }

  /**
   * Lists the remote repository's branches and tags, with one request.
   *
   * @return full ref name ({@code heads/main}, {@code tags/v1}) to commit id, in name order
   * @throws RemoteException if the server cannot be reached or refuses
   */
  public SortedMap<String, Hash> refs() {
    return listing().refs();
  }

  /**
   * Returns the name of the configured remote this handle stands for, as {@link Remotes#remote}
   * and {@link NamedRemote#remote} give it, or null for a handle from {@link Prolly#remote}. The
   * name decides where fetches record the remote's branches: see {@link #trackingRef}. A handle
   * with a name is used only while the repository it transfers into has that remote at {@link
   * #uri()}: else a transfer throws {@link io.prolly.error.StaleRemoteException}.
   *
   * @return the remote's name, such as {@value Remotes#ORIGIN}, or null
   */
  public @Nullable String name() {
    return name;
  }

  /**
   * Returns the local ref in which a fetch or pull of a branch through this handle records the
   * remote's head: {@code remotes/<name>/<branch>} for a configured remote (its remote-tracking
   * ref, as git's {@code refs/remotes/origin/main}; a push moves it too), else
   * {@code fetched/<branch>}, which any fetch without a name overwrites.
   *
   * @param branch the remote branch
   * @return the ref, such as {@code remotes/origin/main}
   * @throws IllegalArgumentException if the branch name is invalid, or too long to record under
   *     this remote's name
   */
  public String trackingRef(String branch) {
    Arguments.notNull(branch, "branch");
    return name == null ? RefNames.FETCHED + RefNames.check("branch", branch) : Remotes.trackingRef(name, branch);
  }

  @Override
  public String toString() {
    return uri.toString();
  }

  /** What the refs request answers: the server's capabilities and its refs. */
  record Listing(SortedSet<String> capabilities, SortedMap<String, Hash> refs) {}

  /** What the server answered a push with: 200, or 409 with the refs' actual values. */
  record PushAnswer(boolean moved, SortedMap<String, @Nullable Hash> actual, String message) {}

  Listing listing() {
    return call("GET", "refs", null, null, in -> {
      int version = in.readUnsignedByte();
      if (version != RemoteProtocol.VERSION) {
        throw reply("its refs listing has protocol version " + version);
      }
      int capabilityCount = in.readUnsignedShort();
      SortedSet<String> capabilities = new TreeSet<>();
      for (int i = 0; i < capabilityCount; i++) {
        byte[] name = new byte[in.readUnsignedByte()];
        in.readFully(name);
        capabilities.add(new String(name, StandardCharsets.US_ASCII));
      }
      haveBatch = batchOf(capabilities);
      int refCount = RemoteProtocol.readCount(in, 0, RemoteProtocol.MAX_LISTED_REFS, "refs");
      SortedMap<String, Hash> refs = new TreeMap<>();
      for (int i = 0; i < refCount; i++) {
        refs.put(RemoteProtocol.readRefName(in), RemoteProtocol.readHash(in));
      }
      requireEnd(in);
      return new Listing(Collections.unmodifiableSortedSet(capabilities), Collections.unmodifiableSortedMap(refs));
    });
  }

  /** The server's batch limit as it lists it, never below what a fetch asks at once nor above the protocol's. */
  private static int batchOf(SortedSet<String> capabilities) {
    for (String capability : capabilities) {
      if (capability.startsWith(RemoteProtocol.MAX_BATCH_CAPABILITY)) {
        try {
          int listed = Integer.parseInt(capability.substring(RemoteProtocol.MAX_BATCH_CAPABILITY.length()));
          return Math.max(RemoteLimits.MIN_BATCH, Math.min(RemoteProtocol.MAX_BATCH, listed));
        } catch (NumberFormatException e) {
          return RemoteLimits.MIN_BATCH;
        }
      }
    }
    return RemoteProtocol.MAX_BATCH;
  }

  /** How many ids one have request carries: {@value RemoteProtocol#MAX_BATCH} unless the server takes fewer. */
  int haveBatch() {
    return haveBatch;
  }

  /** Which of the ids the server holds, in one request per {@link #haveBatch()}. */
  boolean[] have(List<Hash> ids) {
    boolean[] held = new boolean[ids.size()];
    int size = haveBatch;
    for (int first = 0; first < ids.size(); first += size) {
      List<Hash> batch = ids.subList(first, Math.min(ids.size(), first + size));
      byte[] body = encode(out -> RemoteProtocol.writeIds(out, batch));
      byte[] bits = call("POST", "have", body, null, in -> {
        if (in.readInt() != batch.size()) {
          throw reply("it answered a have request for " + batch.size() + " ids with another count");
        }
        byte[] bitmap = new byte[(batch.size() + 7) / 8];
        in.readFully(bitmap);
        requireEnd(in);
        return bitmap;
      });
      for (int i = 0; i < batch.size(); i++) {
        held[first + i] = (bits[i / 8] & (0x80 >>> (i % 8))) != 0;
      }
    }
    return held;
  }

  /** The commits the wanted ones reach that the known ones do not, as the server finds them. */
  List<Hash> commits(List<Hash> wants, List<Hash> haves) {
    byte[] body = encode(out -> {
      RemoteProtocol.writeIds(out, wants);
      RemoteProtocol.writeIds(out, haves.subList(0, Math.min(haves.size(), RemoteProtocol.MAX_HAVES)));
    });
    return call("POST", "commits", body, null, in -> {
      List<Hash> ids = RemoteProtocol.readIds(in, 0, Integer.MAX_VALUE, "commits");
      requireEnd(in);
      return ids;
    });
  }

  /** What a commits request of the {@value RemoteProtocol#CHANGES} capability answers. */
  record Changes(List<Hash> commits, List<Hash> nodes) {}

  /**
   * The commits the wanted ones reach that the known ones do not, and the nodes of their trees
   * that the trees of their known parents lack, parents first, as the server finds them: a request
   * of the {@value RemoteProtocol#CHANGES} capability.
   */
  Changes commitsAndChanges(List<Hash> wants, List<Hash> haves) {
    byte[] body = encode(out -> {
      RemoteProtocol.writeIds(out, wants);
      RemoteProtocol.writeIds(out, haves.subList(0, Math.min(haves.size(), RemoteProtocol.MAX_HAVES)));
    });
    return call("POST", "commits", RemoteProtocol.FETCH + ", " + RemoteProtocol.CHANGES, body, null, null, in -> {
      List<Hash> commits = RemoteProtocol.readIds(in, 0, Integer.MAX_VALUE, "commits");
      List<Hash> nodes = RemoteProtocol.readIds(in, 0, RemoteProtocol.MAX_CHANGES, "changed nodes");
      requireEnd(in);
      return new Changes(commits, nodes);
    });
  }

  /**
   * The commits at most {@code depth} generations from the wanted ones (which are generation 1)
   * that the known ones do not reach, as the server finds them: a request of the
   * {@value RemoteProtocol#SHALLOW} capability.
   */
  List<Hash> commits(List<Hash> wants, List<Hash> haves, int depth) {
    byte[] body = encode(out -> {
      RemoteProtocol.writeIds(out, wants);
      RemoteProtocol.writeIds(out, haves.subList(0, Math.min(haves.size(), RemoteProtocol.MAX_HAVES)));
      out.writeInt(depth);
    });
    return call("POST", "commits", RemoteProtocol.FETCH + ", " + RemoteProtocol.SHALLOW, body, null, null, in -> {
      List<Hash> ids = RemoteProtocol.readIds(in, 0, Integer.MAX_VALUE, "commits");
      requireEnd(in);
      return ids;
    });
  }

  /** Fetches nodes by id, handing each to {@code sink} as it arrives, checked against its id. */
  void nodes(List<Hash> ids, BiConsumer<Hash, byte[]> sink) {
    byte[] body = encode(out -> RemoteProtocol.writeIds(out, ids));
    call("POST", "nodes", body, null, in -> {
      for (Hash wanted : ids) {
        Hash id = RemoteProtocol.readHash(in);
        if (!id.equals(wanted)) {
          throw reply("it sent node " + id.toShortHex() + " where " + wanted.toShortHex() + " was asked for");
        }
        in.mark(4);
        if (in.readInt() == -1) {
          throw reply("it does not have node " + id.toShortHex() + ", which its own history refers to; verify the "
              + "remote repository");
        }
        in.reset();
        sink.accept(id, RemoteProtocol.readNode(in, id));
      }
      requireEnd(in);
      return null;
    });
  }

  /** Reads the frames of a {@code stream} answer. */
  interface StreamReader {
    void read(DataInputStream in) throws IOException;
  }

  /**
   * Asks for every node the wanted commits reach, not below the held nodes, in one {@code stream}
   * answer (docs/protocol.md), and hands its body to {@code reader}: a request of the
   * {@value RemoteProtocol#STREAM} capability.
   */
  void stream(List<Hash> wants, List<Hash> haves, StreamReader reader) {
    byte[] body = encode(out -> {
      RemoteProtocol.writeIds(out, wants);
      RemoteProtocol.writeIds(out, haves);
    });
    call("POST", "stream", RemoteProtocol.FETCH + ", " + RemoteProtocol.STREAM, body, null, null, in -> {
      reader.read(in);
      requireEnd(in);
      return null;
    });
  }

  /** Sends a push: the body streams from {@code body}; answers 200 or 409. */
  PushAnswer push(Supplier<InputStream> body) {
    return call("POST", "push", null, body, in -> new PushAnswer(true, new TreeMap<>(), ""));
  }

  /**
   * Waits until the remote branch ref holds another value than {@code since}, or {@code timeout}
   * passes: one {@code wait} request.
   *
   * @return the ref's value now, null if absent; {@code since} when the wait timed out
   */
  @Nullable Hash awaitMove(String ref, @Nullable Hash since, Duration timeout) {
    byte[] body = encode(out -> {
      RemoteProtocol.writeRef(out, ref, since == null ? RemoteProtocol.ZERO : since);
      out.writeInt((int) timeout.toMillis());
    });
    Hash head = call("POST", "wait", body, null, timeout.plusSeconds(10), in -> {
      Hash value = RemoteProtocol.readHash(in);
      requireEnd(in);
      return value;
    });
    return head.equals(RemoteProtocol.ZERO) ? null : head;
  }

  /**
   * Tells a listener every time a branch of the remote repository moves, from its head now on:
   * see {@link #watch(String, Hash, Consumer)}.
   *
   * @param branch the remote branch; it need not exist yet
   * @param listener called with each move
   * @return the registration; closing it stops watching
   * @throws IllegalArgumentException if the branch name is invalid or the listener is null
   * @throws RemoteException if the server cannot be reached, refuses, or cannot be watched (a
   *     server older than the {@code watch} capability)
   */
  public Watch watch(String branch, Consumer<BranchUpdate> listener) {
    String ref = RefNames.branchRef(branch);
    Arguments.notNull(listener, "listener");
    Listing listing = requireWatchable();
    return RemoteWatch.start(this, branch, listing.refs().get(ref), listener);
  }

  /**
   * Tells a listener every time a branch of the remote repository moves away from a head the
   * caller knows: with long-polling {@code wait} requests (docs/protocol.md), each answered as soon
   * as the branch's head differs from the last one told. Each update runs from the head told last
   * (or {@code since}) to the new one; the commits in between are in the remote history, to fetch
   * ({@link Transfer#fetch}) and walk. Moves that come and go between two answers (a branch moved
   * away and back) are not told.
   *
   * <p>A dropped connection, a server restarting or answering 503, is retried with a back-off from
   * 100 ms to 2 s for as long as the watch is open, resuming from the head told last, so no move is
   * missed. The listener runs on the watch's own daemon thread, one update at a time; an exception
   * it throws is logged and watching goes on. Thread-safe.
   *
   * @param branch the remote branch; it need not exist yet
   * @param since the head the caller knows, null for "absent": a branch already elsewhere is told at once
   * @param listener called with each move
   * @return the registration; closing it stops watching
   * @throws IllegalArgumentException if the branch name is invalid or the listener is null
   * @throws RemoteException if the server cannot be reached, refuses, or cannot be watched
   */
  public Watch watch(String branch, @Nullable Hash since, Consumer<BranchUpdate> listener) {
    RefNames.branchRef(branch);
    Arguments.notNull(listener, "listener");
    requireWatchable();
    return RemoteWatch.start(this, branch, since, listener);
  }

  private Listing requireWatchable() {
    Listing listing = listing();
    if (!listing.capabilities().contains(RemoteProtocol.WATCH)) {
      throw new RemoteException(uri + " cannot be watched: it offers " + listing.capabilities() + ", not '"
          + RemoteProtocol.WATCH + "'; update the server", 0, null);
    }
    return listing;
  }

  private interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private static byte[] encode(Writer writer) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writer.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private <T> T call(String method, String operation, byte @Nullable [] body, @Nullable Supplier<InputStream> stream,
      Reader<T> reader) {
    return call(method, operation, body, stream, null, reader);
  }

  private <T> T call(String method, String operation, byte @Nullable [] body, @Nullable Supplier<InputStream> stream,
      @Nullable Duration timeout, Reader<T> reader) {
    return call(method, operation, operation.equals("push") ? RemoteProtocol.PUSH
        : operation.equals("wait") ? RemoteProtocol.WATCH : RemoteProtocol.FETCH, body, stream, timeout, reader);
  }

  @SuppressWarnings("unchecked")
  private <T> T call(String method, String operation, String capabilities, byte @Nullable [] body,
      @Nullable Supplier<InputStream> stream, @Nullable Duration timeout, Reader<T> reader) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri + "/" + operation))
        .header(RemoteProtocol.VERSION_HEADER, Integer.toString(RemoteProtocol.VERSION))
        .header(RemoteProtocol.CAPABILITIES_HEADER, capabilities);
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (timeout != null) {
      request.timeout(timeout);
    }
    if (method.equals("GET")) {
      request.GET();
    } else {
      request.header("Content-Type", RemoteProtocol.BINARY);
      request.POST(stream != null ? HttpRequest.BodyPublishers.ofInputStream(stream)
          : HttpRequest.BodyPublishers.ofByteArray(body));
    }
    HttpResponse<InputStream> response;
    try {
      response = sendWhileBusy(request.build(), operation, stream == null);
    } catch (IOException e) {
      throw new RemoteException("the " + operation + " request to " + uri + " failed: " + describe(e) + ". Nothing "
          + "was changed beyond nodes already received whole; check that 'prolly serve' runs there and try again",
          0, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteException("interrupted while talking to " + uri, 0, e);
    }
    try (InputStream raw = response.body()) {
      int status = response.statusCode();
      if (status == 409 && operation.equals("push")) {
        SortedMap<String, @Nullable Hash> actual = new TreeMap<>();
        for (String value : response.headers().allValues(RemoteProtocol.REF_HEADER)) {
          String[] parts = value.trim().split(" ");
          if (parts.length == 2) {
            actual.put(parts[0], parts[1].equals("absent") ? null : Hash.parse(parts[1]));
          }
        }
        return (T) new PushAnswer(false, actual, errorText(raw));
      }
      if (status != 200) {
        String hint = status == 401 && authorization == null ? " (no token was given: set one with "
            + "RemoteOptions.withToken, or PROLLY_TOKEN / --token-file on the command line)" : "";
        throw new RemoteException(uri + " refused the " + operation + " request (HTTP " + status + "): "
            + errorText(raw) + hint, status, null);
      }
      // A buffer smaller than a node: frame headers are read through it, a node's bytes straight from the
      // client's buffers into the node's array, one copy instead of two.
      return reader.read(new DataInputStream(new BufferedInputStream(raw, READ_BUFFER)));
    } catch (RemoteProtocol.Violation e) {
      throw new RemoteException("the answer of " + uri + " to the " + operation + " request breaks the protocol: "
          + e.getMessage(), 0, e);
    } catch (IOException e) {
      throw new RemoteException("the answer of " + uri + " to the " + operation + " request was cut off: "
          + describe(e) + ". Nodes received whole were kept; try again to fetch the rest", 0, e);
    }
  }

  /**
   * Sends a request, and sends it again while the server answers 503 with {@code Retry-After} (it
   * is answering as many requests as it takes, or this address has as many open as it allows),
   * at most {@value #BUSY_RETRIES} more times: the server refuses such a request before it reads
   * it, so sending it again changes nothing twice. Not for a body streamed from a supplier, nor
   * for {@code wait}, whose watch retries on its own.
   */
  private HttpResponse<InputStream> sendWhileBusy(HttpRequest request, String operation, boolean replayable)
      throws IOException, InterruptedException {
    for (int retry = 0; ; retry++) {
      HttpResponse<InputStream> response = client.send(request, ResponseStream.handler());
      Optional<String> retryAfter = response.headers().firstValue("Retry-After");
      if (response.statusCode() != 503 || retryAfter.isEmpty() || !replayable || operation.equals("wait")
          || retry == BUSY_RETRIES) {
        return response;
      }
      response.body().close();
      long seconds;
      try {
        seconds = Math.max(0, Math.min(2, Long.parseLong(retryAfter.get().trim())));
      } catch (NumberFormatException e) {
        seconds = 1;
      }
      long ceiling = Math.max(100, seconds * 1000);
      Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
    }
  }

  private static String errorText(InputStream raw) throws IOException {
    byte[] text = raw.readNBytes(MAX_ERROR_BYTES);
    return new String(text, StandardCharsets.UTF_8).strip();
  }

  /** The failure in words: the HTTP client's own exceptions often carry their reason only in a cause. */
  private static String describe(IOException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
        String name = cause.getClass().getSimpleName();
        return cause.getMessage().startsWith(name) ? cause.getMessage() : name + ": " + cause.getMessage();
      }
    }
    return e instanceof ConnectException ? "cannot connect (refused: nothing listens on that port, or "
        + "a firewall)" : e.getClass().getSimpleName();
  }

  private RemoteProtocol.Violation reply(String what) {
    return new RemoteProtocol.Violation(0, what);
  }

  private static void requireEnd(DataInputStream in) throws IOException {
    if (in.read() != -1) {
      throw new RemoteProtocol.Violation(0, "more data follows the end of its answer");
    }
  }

  /** Collects a list of ids into batches of at most {@code size}. */
  static List<List<Hash>> batches(List<Hash> ids, int size) {
    List<List<Hash>> batches = new ArrayList<>();
    for (int first = 0; first < ids.size(); first += size) {
      batches.add(ids.subList(first, Math.min(ids.size(), first + size)));
    }
    return batches;
  }

  /** Checks a remote's URL and normalises it: user info dropped, the scheme in lower case, no trailing slash. */
  static URI check(URI uri) {
    if (uri == null) {
      throw new IllegalArgumentException("uri is null; give one like http://host:8080/main-repo");
    }
    if (uri.getRawUserInfo() != null) {
      // The user info, a token, stays out of the URL that messages and toString show.
      URI shown = URI.create(uri.getScheme() + "://***@" + (uri.getHost() == null ? "" : uri.getHost())
          + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + (uri.getRawPath() == null ? "" : uri.getRawPath()));
      try {
        return check(new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(),
            uri.getFragment()));
      } catch (java.net.URISyntaxException | IllegalArgumentException e) {
        throw new IllegalArgumentException("remote '" + shown + "' is not a URL of one repository, like "
            + "http://host:8080/main-repo", null);
      }
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("remote '" + uri + "' is not an http:// or https:// URL; give one like "
          + "http://host:8080/main-repo");
    }
    if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("remote '" + uri + "' needs a host and no query or fragment, like "
          + "http://host:8080/main-repo");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String name = path.startsWith("/") ? path.substring(1) : path;
    if (name.endsWith("/")) {
      name = name.substring(0, name.length() - 1);
    }
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("remote '" + uri + "' must name one repository after the host, like "
          + "http://host:8080/main-repo: letters, digits, '.', '_' and '-', at most 64, not starting with '.'");
    }
    return URI.create(scheme + "://" + uri.getRawAuthority() + "/" + name);
  }
}

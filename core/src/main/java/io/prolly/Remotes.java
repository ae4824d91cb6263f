package io.prolly;

import io.prolly.commit.RefNames;
import io.prolly.error.ConcurrencyException;
import io.prolly.error.MergeConflictException;
import io.prolly.error.StaleRemoteException;
import io.prolly.merge.MergeFn;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.RefName;
import io.prolly.spi.WriteTransaction;
import io.prolly.spi.support.Arguments;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The remotes a repository remembers by name, like git's {@code origin}, from {@link
 * Repository#remotes()}: each name stands for the URL of a repository served over HTTP, so that
 * code and the command line ({@code prolly push origin main}) need not repeat it.
 * {@link Transfer#cloneFrom(Remote)} records the remote it cloned from as {@value #ORIGIN}.
 *
 * <p>The configuration is kept in the repository itself, in the live store {@value #STORE} (see
 * {@link Repository#live}), so every backend has it, it survives a reopen and garbage collection
 * keeps it. It is not part of the history: clones, bundles and pushes do not carry it, and a
 * server does not list it; {@link Transfer#copyInto(Repository) copyInto}, which copies every
 * ref, does. Only names and URLs are stored, never a token: a URL with user info is refused, and
 * the token is given with each use through {@link RemoteOptions#withToken}.
 *
 * <p>A fetch or pull through a configured remote records each branch it fetches under the
 * remote-tracking ref {@code remotes/<name>/<branch>} ({@link #trackingRef}), as git's
 * {@code refs/remotes/origin/main}, and a push through it moves that ref to what it pushed; so
 * two remotes never overwrite each other's heads. A revision {@code origin/main} names
 * {@code remotes/origin/main}, and {@link #trackingBranches()} lists them all. Those refs are
 * history (garbage collection keeps what they reach) and belong to their remote: renaming the
 * remote renames them and removing it deletes them, in the same atomic write.
 *
 * <p>A {@link Remote} got by name ({@link #remote}) stands for the remote of that name as this
 * repository configures it, as a name does in git: once the remote is removed, renamed or given
 * another URL, fetches, pulls and pushes through the old handle throw {@link
 * StaleRemoteException} before contacting anything (it does not follow a rename: get a new handle
 * by the new name). The transaction that writes the tracking refs checks the configuration again
 * and depends on it, so a remove or rename that commits while a transfer runs is never undone by
 * it: the fetch fails having written no ref, and a push that landed records no tracking ref.
 *
 * <p>Each change is one atomic write. Changes of different remotes by concurrent writers, in this
 * or another process, all land; of the same remote, the first to commit wins and the other fails
 * with {@link ConcurrencyException}, writing nothing. Thread-safe: this object holds no state of
 * its own beyond its repository.
 */
public final class Remotes {

  /** The name a clone gives the remote it was cloned from, as in git. */
  public static final String ORIGIN = "origin";

  /** The longest remote name, in characters. */
  public static final int MAX_NAME_LENGTH = 64;

  /** The live store holding the configuration: remote name to URL. */
  static final String STORE = "prolly-remotes";

  /** Two writers that changed the same remote to different values: the later one must not win silently. */
  private static final MergeFn<String> CHANGED_MEANWHILE = (base, ours, theirs) -> {
    if (Objects.equals(ours, theirs)) {
      return ours;
    }
    throw new ConcurrencyException("changed by another writer meanwhile");
  };

  private final Repository repository;

  Remotes(Repository repository) {
    this.repository = repository;
  }

  /**
   * Lists the configured remotes.
   *
   * @return every remote, in name order; empty when none is configured
   * @throws io.prolly.error.StoreClosedException if the repository was closed
   */
  public List<NamedRemote> list() {
    List<NamedRemote> remotes = new ArrayList<>();
    store().entries().forEach(entry -> remotes.add(stored(entry.getKey(), entry.getValue())));
    return List.copyOf(remotes);
  }

  /**
   * Returns a configured remote, or null.
   *
   * @param name the remote's name
   * @return the remote, or null if no remote has that name
   * @throws IllegalArgumentException if the name is null or invalid ({@link #checkName})
   */
  public @Nullable NamedRemote find(String name) {
    checkName(name);
    String uri = store().get(name);
    return uri == null ? null : stored(name, uri);
  }

  /**
   * Returns a configured remote.
   *
   * @param name the remote's name
   * @return the remote
   * @throws IllegalArgumentException if the name is null or invalid, or no remote has that name;
   *     the message lists the configured names
   */
  public NamedRemote get(String name) {
    NamedRemote remote = find(name);
    if (remote == null) {
      throw notConfigured(name);
    }
    return remote;
  }

  /**
   * Returns a handle on a configured remote, reached with options: {@code get(name).remote(options)}.
   * Nothing is contacted yet.
   *
   * @param name the remote's name, such as {@value #ORIGIN}
   * @param options how to reach it: the token, the certificates to trust
   * @return the remote, for {@link Transfer#fetch(Remote, String)}, {@code pull} and {@code push},
   *     valid while this repository has the remote at the URL it has now
   * @throws IllegalArgumentException if an argument is null, the name is invalid or not configured
   */
  public Remote remote(String name, RemoteOptions options) {
    Arguments.notNull(options, "options");
    return get(name).remote(options);
  }

  /**
   * Remembers a new remote.
   *
   * @param name the new remote's name ({@link #checkName})
   * @param uri where it is served, {@code http://host:port/NAME} or {@code https://}, without
   *     user info
   * @return the remote as stored (the URL normalised as {@link Remote#uri()} gives it)
   * @throws IllegalArgumentException if an argument is null or invalid, the URI carries user info
   *     (a token: give it with {@link RemoteOptions#withToken} instead), or a remote of that name
   *     exists
   * @throws ConcurrencyException if another writer added a remote of that name meanwhile; nothing
   *     was written
   */
  public NamedRemote add(String name, URI uri) {
    return add(name, uri, tx -> { });
  }

  /**
   * {@link #add(String, URI)}, and in the same transaction what {@code alongside} writes: a clone's
   * refs, so that the refs and the origin they came from are written together or not at all.
   */
  NamedRemote add(String name, URI uri, Consumer<WriteTransaction> alongside) {
    NamedRemote added = new NamedRemote(name, Arguments.notNull(uri, "uri"));
    LiveStore<String> store = store();
    String existing = store.get(name);
    if (existing != null) {
      throw new IllegalArgumentException("there is already a remote named '" + name + "', at " + existing
          + "; change its URL with setUri (prolly remote set-url), or pick another name");
    }
    write(store, Map.of(name, added.uri().toString()), alongside);
    return added;
  }

  /**
   * Changes the URL of a remote. A {@link Remote} got by the name before reaches the old URL, so it
   * is stale afterwards ({@link StaleRemoteException}).
   *
   * @param name the remote's name
   * @param uri its new URL, without user info
   * @return the remote as stored now
   * @throws IllegalArgumentException if an argument is null or invalid, the URI carries user
   *     info, or no remote has that name; the message lists the configured names
   * @throws ConcurrencyException if another writer changed or removed that remote meanwhile;
   *     nothing was written
   */
  public NamedRemote setUri(String name, URI uri) {
    NamedRemote changed = new NamedRemote(name, Arguments.notNull(uri, "uri"));
    LiveStore<String> store = store();
    if (store.get(name) == null) {
      throw notConfigured(name);
    }
    write(store, Map.of(name, changed.uri().toString()));
    return changed;
  }

  /**
   * Gives a remote another name, in one atomic write that also renames its remote-tracking refs:
   * {@code remotes/<name>/<branch>} becomes {@code remotes/<newName>/<branch>}, replacing any
   * left under the new name. A {@link Remote} got by the old name is stale afterwards ({@link
   * StaleRemoteException}); get one by the new name.
   *
   * @param name the remote's name
   * @param newName its new name ({@link #checkName})
   * @return the remote under its new name
   * @throws IllegalArgumentException if an argument is null or invalid, no remote is named
   *     {@code name} (the message lists the configured names), one is named {@code newName}, or a
   *     branch it tracks is too long a name to track under {@code newName}; nothing was written
   * @throws ConcurrencyException if another writer changed either name meanwhile; nothing was
   *     written
   */
  public NamedRemote rename(String name, String newName) {
    checkName(name);
    checkName(Arguments.notNull(newName, "newName"));
    LiveStore<String> store = store();
    String uri = store.get(name);
    if (uri == null) {
      throw notConfigured(name);
    }
    if (name.equals(newName)) {
      return stored(name, uri);
    }
    String taken = store.get(newName);
    if (taken != null) {
      throw new IllegalArgumentException("cannot rename remote '" + name + "' to '" + newName + "': there is already "
          + "a remote of that name, at " + taken + "; remove it first or pick another name");
    }
    Map<String, @Nullable String> writes = new LinkedHashMap<>();
    writes.put(name, null);
    writes.put(newName, uri);
    write(store, writes, tx -> {
      SortedMap<String, Hash> moved = tx.refs(trackingPrefix(name));
      tx.refs(trackingPrefix(newName)).forEach((ref, id) -> tx.setRef(ref, id, null));
      moved.forEach((ref, id) -> {
        String branch = ref.substring(trackingPrefix(name).length());
        tx.setRef(ref, id, null);
        tx.setRef(trackingRef(newName, branch), null, id); // any old one under newName is gone above
      });
    });
    return stored(newName, uri);
  }

  /**
   * Forgets a remote, and deletes its remote-tracking refs ({@code remotes/<name>/...}) in the
   * same atomic write. The repository it names is untouched, and so are the local branches that
   * took in what was fetched from it; what only those refs reached becomes garbage. A {@link
   * Remote} got by the name is stale afterwards ({@link StaleRemoteException}), also one in a
   * transfer running now, which then writes none of those refs again.
   *
   * @param name the remote's name
   * @throws IllegalArgumentException if the name is null or invalid, or no remote has that name;
   *     the message lists the configured names
   * @throws ConcurrencyException if another writer changed that remote meanwhile; nothing was
   *     written
   */
  public void remove(String name) {
    checkName(name);
    LiveStore<String> store = store();
    if (store.get(name) == null) {
      throw notConfigured(name);
    }
    Map<String, @Nullable String> writes = new LinkedHashMap<>();
    writes.put(name, null);
    write(store, writes, tx -> tx.refs(trackingPrefix(name)).forEach((ref, id) -> tx.setRef(ref, id, null)));
  }

  /**
   * Returns the ref in which fetches, pulls and pushes through a configured remote record one of
   * its branches: {@code remotes/<remote>/<branch>}, as git's {@code refs/remotes/origin/main}. A
   * revision names it as {@code <remote>/<branch>} too.
   *
   * @param remote the remote's name ({@link #checkName})
   * @param branch the branch, as the remote names it
   * @return the ref, such as {@code remotes/origin/main}
   * @throws IllegalArgumentException if a name is null or invalid, or the ref would be longer than
   *     {@value RefName#MAX_BYTES} UTF-8 bytes
   */
  public static String trackingRef(String remote, String branch) {
    Arguments.notNull(remote, "remote");
    Arguments.notNull(branch, "branch");
    String ref = trackingPrefix(remote) + RefNames.check("branch", branch);
    if (ref.getBytes(StandardCharsets.UTF_8).length > RefName.MAX_BYTES) {
      throw new IllegalArgumentException("branch '" + branch.substring(0, Math.min(branch.length(), 40))
          + "...' is too long a name to track under remote '" + remote + "': " + ref.getBytes(StandardCharsets.UTF_8)
          .length + " UTF-8 bytes with its prefix, over " + RefName.MAX_BYTES + ". Use a shorter remote name, or "
          + "fetch it by URL (into fetched/<branch>)");
    }
    return ref;
  }

  /**
   * Lists the remote-tracking refs: every branch fetched from, or pushed to, a configured remote,
   * as its remote last showed it. Read at one instant.
   *
   * @return {@code <remote>/<branch>} (a revision naming it) to commit id, in name order,
   *     unmodifiable; empty when nothing was fetched by name
   * @throws io.prolly.error.StoreClosedException if the repository was closed
   */
  public SortedMap<String, Hash> trackingBranches() {
    try (ReadTransaction tx = repository.nodeStore().beginRead()) {
      return NamedRefs.list(tx, RefNames.REMOTES);
    }
  }

  /**
   * Checks, before a fetch, pull or push through {@code remote} contacts anything, that a handle
   * got by name still stands for this repository's remote of that name, at the handle's URL; the
   * transaction that writes its tracking refs checks it again ({@link #checkIn}). A handle got by
   * URL passes.
   *
   * @throws StaleRemoteException if the remote was removed, renamed or given another URL since
   */
  void requireCurrent(Remote remote) {
    String name = remote.name();
    if (name != null) {
      String uri = store().get(name);
      if (!isAt(name, uri, remote)) {
        List<String> names = store().keys().toList();
        throw stale(name, uri, remote, "after this handle on it was got, so nothing was fetched or sent. "
            + (names.isEmpty() ? "No remote is configured" : "The remotes are " + names) + ".");
      }
    }
  }

  /**
   * Returns the check for the transaction that writes the remote-tracking refs of {@code remote}:
   * that a handle got by name still stands for this repository's remote of that name, at the
   * handle's URL, as the transaction sees it. It makes the transaction depend on the
   * configuration, so a remove, rename or other change of the remotes that commits first makes it
   * fail with {@link ConcurrencyException} ({@link #retryWhileReconfigured} tries again, and the
   * check then fails): the tracking refs of a remote removed meanwhile are never written again.
   * The check throws {@link StaleRemoteException}; for a handle got by URL it does nothing.
   * Prepared before the transaction begins, since reading the configuration takes a transaction
   * of its own; the check itself reads through the one it is given only.
   */
  Consumer<WriteTransaction> checkIn(Remote remote) {
    String name = remote.name();
    if (name == null) {
      return tx -> { };
    }
    LiveView<String> configuration = (LiveView<String>) store();
    return tx -> {
      String uri = configuration.getAsserting(tx, name);
      if (!isAt(name, uri, remote)) {
        throw stale(name, uri, remote, "while this transfer ran, so it wrote no ref (nodes received whole are kept, "
            + "as after a broken connection).");
      }
    };
  }

  /**
   * Runs {@code write}, a transaction that runs the {@link #checkIn} of {@code remote}, again each
   * time it lost its race while the remotes' configuration changed: another remote added or
   * changed must not fail a fetch, and the new attempt checks the handle again. Any other lost
   * race (another fetch of the same ref, a commit to the branch a pull moves) is thrown, for the
   * caller to handle.
   */
  <T> T retryWhileReconfigured(Remote remote, Supplier<T> write) {
    if (remote.name() == null) {
      return write.get();
    }
    for (int attempt = 1; ; attempt++) {
      @Nullable Hash before = configuration();
      try {
        return write.get();
      } catch (ConcurrencyException lost) {
        if (attempt == CasRetry.MAX_ATTEMPTS || Objects.equals(before, configuration())) {
          throw lost;
        }
      }
    }
  }

  /** The commit of the configuration now, null while no remote was ever configured. */
  private @Nullable Hash configuration() {
    return ((LiveView<String>) store()).head();
  }

  /** Whether the remote {@code name}, configured at {@code uri} (null: not at all), is what the handle reaches. */
  private static boolean isAt(String name, @Nullable String uri, Remote remote) {
    return uri != null && stored(name, uri).uri().equals(remote.uri());
  }

  private static StaleRemoteException stale(String name, @Nullable String uri, Remote remote, String when) {
    if (uri != null) {
      return new StaleRemoteException(name, "remote '" + name + "' is at " + uri + " now, not at " + remote.uri()
          + " where this handle on it reaches: its URL was changed " + when + " Get a new handle with "
          + "Remotes.remote(\"" + name + "\", options) to use the new URL");
    }
    return new StaleRemoteException(name, "there is no remote named '" + name + "' any more: it was removed or "
        + "renamed " + when + " A handle does not follow a rename, and the tracking refs remotes/" + name + "/... of "
        + "a removed remote are not written again. Get a handle on the remote to use now with Remotes.remote(name, "
        + "options), add this one again (prolly remote add " + name + " " + remote.uri() + "), or reach "
        + remote.uri() + " without a name with Prolly.remote");
  }

  private static String trackingPrefix(String remote) {
    return RefNames.REMOTES + checkName(remote) + "/";
  }

  /**
   * Checks a remote name: 1 to {@value #MAX_NAME_LENGTH} letters, digits, {@code .}, {@code _}
   * and {@code -}, starting with a letter or a digit, with no {@code ..} and not ending with
   * {@code .} or {@code .lock} (the rules of one segment of a git ref name, narrowed so that a
   * name can never be taken for a URL, a path or an option).
   *
   * @param name the name
   * @return the name
   * @throws IllegalArgumentException if the name is null or breaks a rule; the message says which
   */
  public static String checkName(String name) {
    Arguments.notNull(name, "name");
    if (name.isEmpty()) {
      throw invalidName(name, "it is empty");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw invalidName(name.substring(0, 20) + "...", "it is longer than " + MAX_NAME_LENGTH + " characters");
    }
    int first = name.codePointAt(0);
    if (!Character.isLetterOrDigit(first)) {
      throw invalidName(name, "it starts with '" + Character.toString(first) + "', not a letter or a digit");
    }
    for (int i = 0; i < name.length(); ) {
      int c = name.codePointAt(i);
      if (!Character.isLetterOrDigit(c) && c != '.' && c != '_' && c != '-') {
        throw invalidName(name, Character.isWhitespace(c) || Character.isISOControl(c)
            ? "it contains a space or a control character at index " + i
            : "it contains '" + Character.toString(c) + "'");
      }
      i += Character.charCount(c);
    }
    if (name.contains("..")) {
      throw invalidName(name, "it contains '..'");
    }
    if (name.endsWith(".") || name.endsWith(".lock")) {
      throw invalidName(name, "it ends with '" + (name.endsWith(".") ? "." : ".lock") + "'");
    }
    return name;
  }

  /** Checks the URL of a remote to remember, and normalises it as {@link Remote#uri()} does. */
  static URI checkUri(URI uri) {
    if (uri.getRawUserInfo() != null || uri.getRawAuthority() != null && uri.getRawAuthority().contains("@")) {
      throw new IllegalArgumentException("the URL " + masked(uri) + " carries user info, which may be a token: "
          + "remotes are stored without tokens. Give the URL without it, and the token with each use "
          + "(RemoteOptions.withToken; on the command line --token-file or PROLLY_TOKEN)");
    }
    return Remote.check(uri);
  }

  /** A URL for a message: the user info, which may hold a token, replaced by {@code ***}. */
  private static String masked(URI uri) {
    return uri.toString().replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@", "$1***@");
  }

  private static IllegalArgumentException invalidName(String name, String why) {
    return new IllegalArgumentException("'" + name + "' is not a valid remote name: " + why + ". Use names like "
        + ORIGIN + ", backup or eu-west.2: letters, digits, '.', '_' and '-', starting with a letter or a digit");
  }

  private IllegalArgumentException notConfigured(String name) {
    List<String> names = store().keys().toList();
    return new IllegalArgumentException("there is no remote named '" + name + "'; "
        + (names.isEmpty() ? "no remote is configured" : "the remotes are " + names)
        + ". Add it with Remotes.add (prolly remote add " + name + " URL), or give the URL itself");
  }

  /** A stored entry, checked again: the store is the repository's own, but another writer may have damaged it. */
  private static NamedRemote stored(String name, String uri) {
    try {
      return new NamedRemote(name, new URI(uri));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new IllegalStateException("the configuration of remote '" + name + "' in live store '" + STORE
          + "' is not a remote's URL (" + e.getMessage() + "); set it again with setUri or remove it", e);
    }
  }

  private LiveStore<String> store() {
    LiveStore<String> store = repository.live(STORE, Codecs.utf8());
    store.setDefaultMergeFn(CHANGED_MEANWHILE);
    return store;
  }

  private static void write(LiveStore<String> store, Map<String, @Nullable String> writes) {
    write(store, writes, tx -> { });
  }

  private static void write(LiveStore<String> store, Map<String, @Nullable String> writes,
      Consumer<WriteTransaction> alongside) {
    try {
      ((LiveView<String>) store).apply(writes, alongside);
    } catch (MergeConflictException raced) {
      throw new ConcurrencyException("remote '" + String.join("' and '", raced.conflictingKeys()) + "' was changed by "
          + "another writer while this change was made; nothing was written. Look at the remotes again and retry");
    }
  }
}

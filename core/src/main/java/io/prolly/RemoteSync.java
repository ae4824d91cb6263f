package io.prolly;

import io.prolly.commit.CommitGraph;
import io.prolly.commit.RefNames;
import io.prolly.error.CommitRefusedException;
import io.prolly.error.ConcurrencyException;
import io.prolly.error.PushRejectedException;
import io.prolly.error.RemoteException;
import io.prolly.error.RevisionNotFoundException;
import io.prolly.error.StaleRemoteException;
import io.prolly.merge.ConflictResolver;
import io.prolly.merge.MergeResult;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.WriteTransaction;
import io.prolly.spi.support.Arguments;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Clone, fetch, pull and push against a {@link Remote}: what {@link Transfer}'s methods taking one
 * do. Fetches are {@link RemoteFetch}, pushes {@link RemotePush}; refs move last, locally in one
 * transaction, remotely by compare-and-set.
 */
final class RemoteSync {

  /** How often a push whose remote branch moved on by a fast-forward is sent again. */
  private static final int PUSH_ATTEMPTS = 5;

  private RemoteSync() {}

  static SyncReport cloneFrom(Repository local, Remote remote, CloneOptions options) {
    return cloneFrom(local, remote, options, true);
  }

  /**
   * Clones; with {@code stream}, a whole clone from a server that offers it takes every node in
   * one {@code stream} answer, else (also from servers older than the capability) it asks for the
   * nodes level by level.
   */
  static SyncReport cloneFrom(Repository local, Remote remote, CloneOptions options, boolean stream) {
    Arguments.notNull(remote, "remote");
    Arguments.notNull(options, "options");
    long start = System.nanoTime();
    try (ReadTransaction tx = local.nodeStore().beginRead()) {
      requireNoRefs(tx);
    }
    Remote.Listing listing = remote.listing();
    SortedMap<String, Hash> refs = listing.refs();
    if (options.depth() > 0) {
      requireShallow(remote, listing);
    }
    if (stream && options.isFull() && !refs.isEmpty() && listing.capabilities().contains(RemoteProtocol.STREAM)) {
      for (int attempt = 1; ; attempt++) {
        try {
          return streamed(local, remote, refs, start);
        } catch (RemoteException e) {
          // 409: a head moved between listing and streaming; list again (what arrived is kept).
          if (e.status() != 409 || attempt == PUSH_ATTEMPTS) {
            throw e;
          }
          refs = remote.listing().refs();
        }
      }
    }
    PartialState selected = new PartialState(new TreeSet<>(), options.namespaces());
    try (RemoteFetch fetch = new RemoteFetch(local, remote, "clone")) {
      fetch.limitTo(options.depth(), false, selected::hasNamespace).fetch(refs.values(), List.of());
      return cloned(local, remote, refs, fetch.nodes(), fetch.bytes(), start, tx -> {
        if (!options.isFull()) {
          PartialRefs.write(tx, new PartialState(PartialRefs.boundary(tx,
              fetch.boundaryCandidates().stream().filter(tx::contains).toList()), options.namespaces()));
        }
      });
    }
  }

  /** A whole clone from one {@code stream} answer, resuming from what an interrupted one stored. */
  private static SyncReport streamed(Repository local, Remote remote, SortedMap<String, Hash> refs, long start) {
    List<Hash> wants = List.copyOf(new LinkedHashSet<>(refs.values()));
    if (wants.isEmpty() || wants.size() > RemoteProtocol.MAX_WANTS) {
      return cloneFrom(local, remote, CloneOptions.FULL, false);
    }
    try (CloneStream clone = new CloneStream(local, remote)) {
      clone.receive(wants, clone.roots());
      return cloned(local, remote, refs, clone.nodes(), clone.bytes(), start, tx -> { });
    }
  }

  /**
   * How every clone ends, once its nodes are here: one transaction writes the remote's refs, a
   * remote-tracking ref {@code remotes/origin/<branch>} for each of its branches, what {@code
   * alsoWrite} adds (a partial clone's state) and the remote as {@value Remotes#ORIGIN}, as git
   * does; a clone that fails leaves none of them. The configuration is not history, so the
   * report's refs leave it out.
   */
  private static SyncReport cloned(Repository local, Remote remote, SortedMap<String, Hash> refs, long nodes,
      long bytes, long start, Consumer<WriteTransaction> alsoWrite) {
    SortedMap<String, Hash> written = new TreeMap<>(refs);
    refs.forEach((name, id) -> {
      if (name.startsWith(RefNames.BRANCHES)) {
        written.put(Remotes.trackingRef(Remotes.ORIGIN, name.substring(RefNames.BRANCHES.length())), id);
      }
    });
    local.remotes().add(Remotes.ORIGIN, remote.uri(), tx -> {
      requireNoRefs(tx);
      written.forEach((name, id) -> tx.setRef(name, null, id));
      alsoWrite.accept(tx);
    });
    return new SyncReport(nodes, bytes, List.copyOf(written.keySet()), null, since(start));
  }

  /** Fetches a branch into the remote's {@link Remote#trackingRef tracking ref}. */
  static SyncReport fetch(Repository local, Remote remote, String branch) {
    return fetchHead(local, remote, branch, 0, System.nanoTime()).report();
  }

  /** Fetches a branch to a depth, {@link Transfer#UNSHALLOW} for its whole history. */
  static SyncReport fetch(Repository local, Remote remote, String branch, int depth) {
    Arguments.check(depth >= 1, "depth is " + depth + "; give the number of newest commits to have (1 or more), "
        + "or Transfer.UNSHALLOW for the whole history");
    return fetchHead(local, remote, branch, depth, System.nanoTime()).report();
  }

  private static void requireShallow(Remote remote, Remote.Listing listing) {
    if (!listing.capabilities().contains(RemoteProtocol.SHALLOW)) {
      throw new RemoteException("the server at " + remote + " does not offer the '" + RemoteProtocol.SHALLOW
          + "' capability (it offers " + listing.capabilities() + "), so it cannot send part of a history by depth; "
          + "update the server, or clone and fetch without a depth", 0, null);
    }
  }

  static SyncReport pull(Repository local, Remote remote, String branch, ConflictResolver resolver) {
    Arguments.notNull(resolver, "resolver");
    long start = System.nanoTime();
    Fetched fetched = fetchHead(local, remote, branch, 0, start, true);
    String ref = RefNames.branchRef(branch);
    MergeResult merge = fetched.merge();
    if (merge == null) {
      if (local.head(ref) == null) {
        local.createBranch(branch, fetched.head().toHex());
        merge = new MergeResult(fetched.head(), null, fetched.head(), MergeResult.Kind.FAST_FORWARD, List.of());
      } else {
        merge = local.merge(fetched.head().toHex(), branch, resolver);
      }
    }
    List<String> refs = new ArrayList<>(fetched.report().refsUpdated());
    refs.add(ref);
    return new SyncReport(fetched.report().nodesTransferred(), fetched.report().bytesTransferred(), refs, merge,
        since(start));
  }

  /** A fetch's head and report; for a pull, the merge made with the fetch's refs, if it needed no merge commit. */
  private record Fetched(Hash head, SyncReport report, @Nullable MergeResult merge) {}

  private static Fetched fetchHead(Repository local, Remote remote, String branch, int depth, long start) {
    return fetchHead(local, remote, branch, depth, start, false);
  }

  private static Fetched fetchHead(Repository local, Remote remote, String branch, int depth, long start,
      boolean pull) {
    Arguments.notNull(remote, "remote");
    for (int attempt = 1; ; attempt++) {
      try {
        return fetchOnce(local, remote, branch, depth, start, pull);
      } catch (RemoteException e) {
        // 409: the branch moved between listing and fetching; list again (what arrived is kept).
        if (e.status() != 409 || attempt == PUSH_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private static Fetched fetchOnce(Repository local, Remote remote, String branch, int depth, long start,
      boolean pull) {
    String ref = RefNames.branchRef(branch);
    String fetchedRef = remote.trackingRef(branch);
    local.remotes().requireCurrent(remote);
    Remote.Listing listing = remote.listing();
    if (depth > 0) {
      requireShallow(remote, listing);
    }
    Hash head = listing.refs().get(ref);
    if (head == null) {
      throw new RevisionNotFoundException(branch, "the remote " + remote + " has no branch '" + branch
          + "'; its branches are listed by 'prolly ls-remote' or Remote.refs()");
    }
    List<Hash> known;
    PartialState partial;
    try (ReadTransaction tx = local.nodeStore().beginRead()) {
      partial = PartialRefs.read(tx);
      // What a shallow clone has does not reach as deep as the server's history of it: a fetch by
      // depth names nothing known, so the server lists the commits behind the boundary too.
      known = depth > 0 ? List.of()
          : List.copyOf(new LinkedHashSet<>(SweepEpoch.historyRefs(tx.refs("")).values()));
    }
    try (RemoteFetch fetch = new RemoteFetch(local, remote, "fetch")) {
      fetch.holdLastAnswer().listChanges(listing.capabilities().contains(RemoteProtocol.CHANGES) && !partial.isPartial())
          .limitTo(depth, partial.isShallow(), partial::hasNamespace).fetch(List.of(head), known);
      if (depth > 0) {
        fetch.deepen(partial.shallowCommits());
      }
      // The last nodes, the fetched ref and a pull's fast-forward in one commit; should the
      // fast-forward make it fail (a validator, a local commit meanwhile), without it.
      BranchMerge fastForward = pull && depth == 0 ? new BranchMerge(local, head.toHex(), branch, ref,
          ConflictResolver.fail()) : null;
      return local.remotes().retryWhileReconfigured(remote, () -> {
        try {
          return writeFetched(local, remote, fetch, head, fetchedRef, depth, fastForward, start);
        } catch (ConcurrencyException | CommitRefusedException e) {
          if (fastForward == null) {
            throw e;
          }
          return writeFetched(local, remote, fetch, head, fetchedRef, depth, null, start);
        }
      });
    }
  }

  /**
   * Writes what a fetch leaves in one transaction: the nodes of its last answer, the fetched ref,
   * a shallow clone's new boundary, and, given a merge that proves a fast-forward (or up to date),
   * the branch moved to the fetched head. Through a handle got by name, only while the remote is
   * still configured: the same transaction checks it, so a remove that commits first makes this
   * one fail instead of writing the removed remote's tracking ref again.
   */
  private static Fetched writeFetched(Repository local, Remote remote, RemoteFetch fetch, Hash head,
      String fetchedRef, int depth, @Nullable BranchMerge fastForward, long start) {
    long mergeStart = System.nanoTime();
    List<String> updated = new ArrayList<>();
    MergeResult merge = null;
    Consumer<WriteTransaction> stillConfigured = local.remotes().checkIn(remote);
    try (WriteTransaction tx = local.beginWrite()) {
      stillConfigured.accept(tx);
      boolean changed = fetch.stageInto(tx);
      Hash before = tx.ref(fetchedRef);
      if (!head.equals(before)) {
        tx.setRef(fetchedRef, before, head);
        updated.add(fetchedRef);
        changed = true;
      }
      PartialState now = PartialRefs.read(tx);
      if (now.isShallow() || !fetch.commitsReceived().isEmpty() && depth > 0) {
        List<Hash> candidates = new ArrayList<>(now.shallowCommits().stream().filter(tx::contains).toList());
        fetch.boundaryCandidates().stream().filter(tx::contains).forEach(candidates::add);
        PartialState after = new PartialState(PartialRefs.boundary(tx, candidates), now.namespaces());
        if (!after.equals(now)) {
          PartialRefs.write(tx, after);
          changed = true;
        }
      }
      if (fastForward != null && tx.ref(RefNames.branchRef(fastForward.into())) != null) {
        merge = fastForward.fastForwardIn(tx);
        changed |= merge != null && merge.kind() == MergeResult.Kind.FAST_FORWARD;
      }
      if (changed) {
        tx.commit();
      }
      fetch.staged();
    }
    if (merge != null) {
      BranchMerge.told(local, head.toHex(), fastForward.into(), merge, mergeStart);
    }
    return new Fetched(head, new SyncReport(fetch.nodes(), fetch.bytes(), updated, null, since(start)), merge);
  }

  static SyncReport push(Repository local, Remote remote, String branch, boolean force) {
    Arguments.notNull(remote, "remote");
    String ref = RefNames.branchRef(branch);
    // Checked before anything is sent: a branch too long to track, or a remote removed since the
    // handle was got, must not fail after the push.
    @Nullable String tracking = remote.name() == null ? null : remote.trackingRef(branch);
    local.remotes().requireCurrent(remote);
    long start = System.nanoTime();
    long sentNodes = 0;
    long sentBytes = 0;
    Hash pushed;
    List<String> moved;
    for (int attempt = 1; ; attempt++) {
      SortedMap<String, Hash> remoteRefs = remote.refs();
      @Nullable Hash remoteHead = remoteRefs.get(ref);
      try (ReadTransaction tx = local.nodeStore().beginRead()) {
        Hash head = NamedRefs.require(tx, ref, "branch", branch);
        if (head.equals(remoteHead)) {
          pushed = head;
          moved = List.of();
          break;
        }
        if (remoteHead != null && !force && !descends(local, tx, remoteHead, head)) {
          throw rejected(branch, remote, remoteHead);
        }
        RemotePush push = new RemotePush(tx, local.commitSource(tx), remote, local.progressListener());
        List<Hash> nodes = push.missing(head, remoteRefs.values());
        Remote.PushAnswer answer = remote.push(() -> push.body(force, ref, remoteHead, head, nodes));
        sentNodes += nodes.size();
        long attemptBytes = 0;
        for (Hash id : nodes) {
          attemptBytes += tx.get(id).length;
        }
        sentBytes += attemptBytes;
        if (answer.moved()) {
          local.progressListener().progress("push", "sending", nodes.size(), nodes.size(), attemptBytes);
          pushed = head;
          moved = List.of(ref);
          break;
        }
        Hash actual = answer.actual().get(ref);
        if (!force && actual != null && !descends(local, tx, actual, head)) {
          throw rejected(branch, remote, actual);
        }
        if (attempt == PUSH_ATTEMPTS) {
          throw new ConcurrencyException("push of branch '" + branch + "' to " + remote + " lost the race "
              + PUSH_ATTEMPTS + " times: " + answer.message() + "; push again");
        }
      }
    }
    if (tracking != null) {
      track(local, remote, tracking, pushed);
    }
    return new SyncReport(sentNodes, sentBytes, moved, null, since(start));
  }

  /**
   * After a push through a configured remote, moves its tracking ref to what the remote branch is
   * now, as git does. A push through a handle without a name records nothing: {@code fetched/}
   * refs hold what was fetched, not pushed. Should the remote have been removed or renamed while
   * the push ran, the push stands and nothing is recorded: the tracking ref of a remote that is
   * gone is not written again, and failing would report a push that landed as one that did not.
   */
  private static void track(Repository local, Remote remote, String tracking, Hash head) {
    Consumer<WriteTransaction> stillConfigured = local.remotes().checkIn(remote);
    CasRetry.run("update of " + tracking, attempt -> {
      try (WriteTransaction tx = local.beginWrite()) {
        try {
          stillConfigured.accept(tx);
        } catch (StaleRemoteException gone) {
          return null;
        }
        Hash before = tx.ref(tracking);
        if (!head.equals(before)) {
          tx.setRef(tracking, before, head);
          tx.commit();
        }
        return null;
      }
    });
  }

  private static boolean descends(Repository local, ReadTransaction tx, Hash ancestor, Hash head) {
    Set<Hash> absent = PartialRefs.absentParentIds(tx);
    return tx.contains(ancestor) && new CommitGraph(local.commitSource(tx), absent::contains).isAncestor(ancestor, head);
  }

  private static PushRejectedException rejected(String branch, Remote remote, Hash remoteHead) {
    return new PushRejectedException("push of branch '" + branch + "' to " + remote + " refused: the remote '"
        + branch + "' is at " + remoteHead.toShortHex() + ", which is not in this branch's history, so the push "
        + "would drop its commits. Pull (fetch and merge) first and push again, or push with force to overwrite them");
  }

  private static void requireNoRefs(ReadTransaction tx) {
    Map<String, Hash> refs = SweepEpoch.historyRefs(tx.refs(""));
    if (!refs.isEmpty()) {
      throw new IllegalArgumentException("cannot clone into a repository that has refs " + refs.keySet()
          + "; clone into an empty one, or fetch and pull branches instead");
    }
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}

package io.prolly;

import io.prolly.commit.CommitGraph;
import io.prolly.commit.CommitSource;
import io.prolly.commit.RefNames;
import io.prolly.error.ConcurrencyException;
import io.prolly.error.PushRejectedException;
import io.prolly.error.RemoteException;
import io.prolly.error.RevisionNotFoundException;
import io.prolly.merge.ConflictResolver;
import io.prolly.merge.MergeResult;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.WriteTransaction;
import io.prolly.spi.support.Arguments;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
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

  static SyncReport cloneFrom(Repository local, Remote remote) {
    Arguments.notNull(remote, "remote");
    long start = System.nanoTime();
    try (ReadTransaction tx = local.nodeStore().beginRead()) {
      requireNoRefs(tx);
    }
    SortedMap<String, Hash> refs = remote.refs();
    try (RemoteFetch fetch = new RemoteFetch(local, remote, "clone")) {
      fetch.fetch(refs.values(), List.of());
      try (WriteTransaction tx = local.beginWrite()) {
        requireNoRefs(tx);
        refs.forEach((name, id) -> tx.setRef(name, null, id));
        tx.commit();
      }
      return new SyncReport(fetch.nodes(), fetch.bytes(), List.copyOf(refs.keySet()), null, since(start));
    }
  }

  /** Fetches a branch into {@code fetched/<branch>}; returns the report and the fetched head. */
  static SyncReport fetch(Repository local, Remote remote, String branch) {
    return fetchHead(local, remote, branch, System.nanoTime()).report();
  }

  static SyncReport pull(Repository local, Remote remote, String branch, ConflictResolver resolver) {
    Arguments.notNull(resolver, "resolver");
    long start = System.nanoTime();
    Fetched fetched = fetchHead(local, remote, branch, start);
    String ref = RefNames.branchRef(branch);
    MergeResult merge;
    if (local.head(ref) == null) {
      local.createBranch(branch, fetched.head().toHex());
      merge = new MergeResult(fetched.head(), null, fetched.head(), MergeResult.Kind.FAST_FORWARD, List.of());
    } else {
      merge = local.merge(fetched.head().toHex(), branch, resolver);
    }
    List<String> refs = new ArrayList<>(fetched.report().refsUpdated());
    refs.add(ref);
    return new SyncReport(fetched.report().nodesTransferred(), fetched.report().bytesTransferred(), refs, merge,
        since(start));
  }

  private record Fetched(Hash head, SyncReport report) {}

  private static Fetched fetchHead(Repository local, Remote remote, String branch, long start) {
    Arguments.notNull(remote, "remote");
    for (int attempt = 1; ; attempt++) {
      try {
        return fetchOnce(local, remote, branch, start);
      } catch (RemoteException e) {
        // 409: the branch moved between listing and fetching; list again (what arrived is kept).
        if (e.status() != 409 || attempt == PUSH_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private static Fetched fetchOnce(Repository local, Remote remote, String branch, long start) {
    String ref = RefNames.branchRef(branch);
    String fetchedRef = "fetched/" + RefNames.check("branch", branch);
    Hash head = remote.refs().get(ref);
    if (head == null) {
      throw new RevisionNotFoundException(branch, "the remote " + remote + " has no branch '" + branch
          + "'; its branches are listed by 'prolly ls-remote' or Remote.refs()");
    }
    List<Hash> known;
    try (ReadTransaction tx = local.nodeStore().beginRead()) {
      known = List.copyOf(new java.util.LinkedHashSet<>(SweepEpoch.historyRefs(tx.refs("")).values()));
    }
    try (RemoteFetch fetch = new RemoteFetch(local, remote, "fetch")) {
      fetch.fetch(List.of(head), known);
      List<String> updated = new ArrayList<>();
      try (WriteTransaction tx = local.beginWrite()) {
        Hash before = tx.ref(fetchedRef);
        if (!head.equals(before)) {
          tx.setRef(fetchedRef, before, head);
          tx.commit();
          updated.add(fetchedRef);
        }
      }
      return new Fetched(head, new SyncReport(fetch.nodes(), fetch.bytes(), updated, null, since(start)));
    }
  }

  static SyncReport push(Repository local, Remote remote, String branch, boolean force) {
    Arguments.notNull(remote, "remote");
    String ref = RefNames.branchRef(branch);
    long start = System.nanoTime();
    long sentNodes = 0;
    long sentBytes = 0;
    for (int attempt = 1; ; attempt++) {
      SortedMap<String, Hash> remoteRefs = remote.refs();
      @Nullable Hash remoteHead = remoteRefs.get(ref);
      try (ReadTransaction tx = local.nodeStore().beginRead()) {
        Hash head = Repository.requireRef(tx, ref, "branch", branch);
        if (head.equals(remoteHead)) {
          return new SyncReport(sentNodes, sentBytes, List.of(), null, since(start));
        }
        if (remoteHead != null && !force && !descends(tx, remoteHead, head)) {
          throw rejected(branch, remote, remoteHead);
        }
        RemotePush push = new RemotePush(tx, remote, local.progressListener());
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
          return new SyncReport(sentNodes, sentBytes, List.of(ref), null, since(start));
        }
        Hash actual = answer.actual().get(ref);
        if (!force && actual != null && !descends(tx, actual, head)) {
          throw rejected(branch, remote, actual);
        }
        if (attempt == PUSH_ATTEMPTS) {
          throw new ConcurrencyException("push of branch '" + branch + "' to " + remote + " lost the race "
              + PUSH_ATTEMPTS + " times: " + answer.message() + "; push again");
        }
      }
    }
  }

  private static boolean descends(ReadTransaction tx, Hash ancestor, Hash head) {
    return tx.contains(ancestor) && new CommitGraph(CommitSource.of(tx)).isAncestor(ancestor, head);
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

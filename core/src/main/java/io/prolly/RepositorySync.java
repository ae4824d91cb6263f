package io.prolly;

import io.prolly.spi.support.Arguments;
import io.prolly.merge.MergeResult;
import io.prolly.error.ConcurrencyException;
import io.prolly.error.PushRejectedException;
import io.prolly.commit.CommitGraph;
import io.prolly.commit.CommitSource;
import io.prolly.commit.RefNames;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.WriteTransaction;
import io.prolly.merge.ConflictResolver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Clone, copy, push and pull between two repositories: what {@link Repository}'s methods of those
 * names do. Every transfer sends only the nodes the receiver lacks ({@link NodeTransfer}).
 */
final class RepositorySync {

  private RepositorySync() {}

  /**
   * Refuses a transfer whose other side is missing or the repository itself.
   *
   * @param name the other side's parameter, for the message
   */
  static void requireOther(Repository self, Repository other, String name) {
    if (other == null || other == self) {
      throw new IllegalArgumentException(name + " must be another open repository, got "
          + (other == null ? "null" : "this one"));
    }
  }

  static SyncReport cloneInto(Repository source, Repository target) {
    requireOther(source, target, "target");
    long start = System.nanoTime();
    return CasRetry.run("clone", attempt -> {
      try (ReadTransaction from = source.nodeStore().beginRead(); WriteTransaction to = target.beginWrite()) {
        requireNoRefs(to, "clone");
        SortedMap<String, Hash> refs = new TreeMap<>(from.refs(RefNames.BRANCHES));
        refs.putAll(from.refs(RefNames.TAGS));
        NodeTransfer transfer = new NodeTransfer(source.progressListener(), "clone").copy(from, to, refs.values());
        refs.forEach((name, id) -> to.setRef(name, null, id));
        to.commit();
        return new SyncReport(transfer.nodes(), transfer.bytes(), List.copyOf(refs.keySet()), null,
            Duration.ofNanos(System.nanoTime() - start));
      }
    });
  }

  static SyncReport copyInto(Repository source, Repository target, int batchSize) {
    requireOther(source, target, "target");
    long start = System.nanoTime();
    target.sweepLock().readLock().lock(); // nodes without refs must survive the target's collections meanwhile
    try (ReadTransaction from = source.nodeStore().beginRead()) {
      SortedMap<String, Hash> refs = SweepEpoch.historyRefs(from.refs(""));
      long[] sent = new long[2]; // nodes and bytes, over every attempt
      CasRetry.run("copy", attempt -> {
        copyOnce(from, target, refs, batchSize, sent, source.progressListener());
        return null;
      });
      return new SyncReport(sent[0], sent[1], List.copyOf(refs.keySet()), null,
          Duration.ofNanos(System.nanoTime() - start));
    } finally {
      target.sweepLock().readLock().unlock();
    }
  }

  /**
   * Sends the nodes the target lacks, in batches, then writes the refs, unless a sweep batch of
   * another process ran meanwhile: it may have deleted copied nodes, which no ref held yet, and
   * the copy must look again.
   */
  private static void copyOnce(ReadTransaction from, Repository target, SortedMap<String, Hash> refs, int batchSize,
      long[] sent, ProgressListener progress) {
    @Nullable Hash epoch;
    try (SweepGuardedWrite anchor = target.beginWrite()) {
      anchor.keepEpoch(); // from here on, any sweep batch moves it
      anchor.commit();
      epoch = anchor.epochLeft();
    }
    List<Hash> order = new ArrayList<>();
    try (ReadTransaction to = target.nodeStore().beginRead()) {
      requireNoRefs(to, "copy");
      // Every reachable node is looked at, not only those below missing ones: a collection may
      // have deleted part of an earlier attempt, so a node present says nothing of its subtree.
      Predicate<Hash> once = ReachableNodes.once(new HashSet<>(), progress, "copy", "looking");
      new ReachableNodes(from).walk(refs.values(), once, (id, node) -> {
        if (!to.contains(id)) {
          order.add(id);
        }
      });
    }
    Collections.reverse(order); // children before parents
    for (int first = 0; first < order.size(); first += batchSize) {
      try (WriteTransaction to = target.beginWrite()) {
        for (Hash id : order.subList(first, Math.min(order.size(), first + batchSize))) {
          byte[] node = from.get(id);
          to.put(id, node);
          sent[0]++;
          sent[1] += node.length;
        }
        to.commit();
      }
      progress.progress("copy", "sending", Math.min(order.size(), first + batchSize), order.size());
    }
    try (SweepGuardedWrite to = target.beginWrite()) {
      requireNoRefs(to, "copy");
      if (!Objects.equals(epoch, to.epoch())) {
        throw new ConcurrencyException("a garbage collection batch of another process ran during the copy and may "
            + "have deleted nodes copied so far, which no ref held yet; no ref was written");
      }
      refs.forEach((name, id) -> to.setRef(name, null, id));
      from.refs(PartialRefs.PREFIX).forEach((name, id) -> to.setRef(name, null, id)); // a partial copy stays one
      to.commit();
    }
  }

  static SyncReport push(Repository source, Repository remote, String branch, boolean force) {
    requireOther(source, remote, "remote");
    String ref = RefNames.branchRef(branch);
    long start = System.nanoTime();
    return CasRetry.run("push of branch '" + branch + "'", attempt -> {
      try (ReadTransaction from = source.nodeStore().beginRead(); WriteTransaction to = remote.beginWrite()) {
        Hash local = NamedRefs.require(from, ref, "branch", branch);
        Hash remoteHead = to.ref(ref);
        if (local.equals(remoteHead)) {
          return new SyncReport(0, 0, List.of(), null, Duration.ofNanos(System.nanoTime() - start));
        }
        if (remoteHead != null && !force && !(from.contains(remoteHead)
            && new CommitGraph(CommitSource.of(from), PartialRefs.absentParentIds(from)::contains)
            .isAncestor(remoteHead, local))) {
          throw new PushRejectedException("push of branch '" + branch + "' refused: the other repository's '"
              + branch + "' is at " + remoteHead.toShortHex() + ", which is not in this branch's history, so the "
              + "push would drop its commits. Pull first and push again, or push with force to overwrite them");
        }
        NodeTransfer transfer = new NodeTransfer(source.progressListener(), "push").copy(from, to, List.of(local));
        to.setRef(ref, remoteHead, local);
        to.commit();
        return new SyncReport(transfer.nodes(), transfer.bytes(), List.of(ref), null,
            Duration.ofNanos(System.nanoTime() - start));
      }
    });
  }

  static SyncReport pull(Repository local, Repository remote, String branch, ConflictResolver resolver) {
    requireOther(local, remote, "remote");
    Arguments.notNull(resolver, "resolver");
    String ref = RefNames.branchRef(branch);
    String fetchedRef = "fetched/" + RefNames.check("branch", branch);
    long start = System.nanoTime();
    record Fetch(Hash head, NodeTransfer transfer) {}
    Fetch fetch = CasRetry.run("fetch of branch '" + branch + "'", attempt -> {
      try (ReadTransaction from = remote.nodeStore().beginRead(); WriteTransaction to = local.beginWrite()) {
        Hash head = NamedRefs.require(from, ref, "branch", branch);
        NodeTransfer transfer = new NodeTransfer(local.progressListener(), "pull").copy(from, to, List.of(head));
        to.setRef(fetchedRef, to.ref(fetchedRef), head);
        to.commit();
        return new Fetch(head, transfer);
      }
    });
    Hash fetched = fetch.head();
    NodeTransfer transfer = fetch.transfer();
    MergeResult merge;
    if (local.head(ref) == null) {
      local.createBranch(branch, fetched.toHex());
      merge = new MergeResult(fetched, null, fetched, MergeResult.Kind.FAST_FORWARD, List.of());
    } else {
      merge = local.merge(fetched.toHex(), branch, resolver);
    }
    return new SyncReport(transfer.nodes(), transfer.bytes(), List.of(fetchedRef, ref), merge,
        Duration.ofNanos(System.nanoTime() - start));
  }

  static void requireNoRefs(ReadTransaction tx, String what) {
    SortedMap<String, Hash> refs = SweepEpoch.historyRefs(tx.refs(""));
    if (!refs.isEmpty()) {
      throw new IllegalArgumentException("cannot " + what + " into a repository that has refs " + refs.keySet()
          + "; " + what + " into an empty one, or push and pull branches instead");
    }
  }
}

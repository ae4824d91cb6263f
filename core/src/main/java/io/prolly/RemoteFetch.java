package io.prolly;

import io.prolly.commit.CommitSource;
import io.prolly.error.CorruptNodeException;
import io.prolly.error.RemoteException;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.WriteTransaction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Fetches from a {@link Remote} what some commits reach and this repository lacks, asking for
 * nodes by id: first which commits are new (one request), then the new nodes level by level, each
 * request naming only nodes not here. Nodes arrive parents first, but are stored only once
 * everything below them is here, in one transaction per answer: so whatever a cut connection
 * leaves behind is complete subtrees, which the next fetch skips, and this repository keeps
 * holding only nodes whose subtrees are complete.
 *
 * <p>Holds back this process's garbage collection sweeps until {@link #close}, so stored nodes no
 * ref holds yet survive until the caller's refs hold them. Not thread-safe.
 */
final class RemoteFetch implements AutoCloseable {

  /** Ids per nodes request. */
  static final int BATCH = 4096;

  private final Repository local;
  private final Remote remote;
  private final ProgressListener progress;
  private final String operation;
  private final ReadTransaction snapshot;
  /** Asked for (or about to be), with the kind the walk found them as. */
  private final Map<Hash, NodeLinks.Kind> requested = new HashMap<>();
  private final Deque<Hash> queue = new ArrayDeque<>();
  /** Received, waiting for what they refer to. */
  private final Map<Hash, Waiting> waiting = new HashMap<>();
  /** Child to the received nodes that wait for it. */
  private final Map<Hash, List<Hash>> waiters = new HashMap<>();
  private final Set<Hash> stored = new HashSet<>();
  private final Map<Hash, byte[]> toWrite = new LinkedHashMap<>();
  private final Set<Hash> commitsReceived = new HashSet<>();
  private @Nullable Set<Hash> commitScope;
  private int depth;
  private Predicate<String> namespaces = path -> true;
  private long nodes;
  private long bytes;
  private int requests;
  private boolean holdLast;
  private boolean changes;
  /** Asked for from a changes listing, their kind not known yet. */
  private final Set<Hash> listedAhead = new HashSet<>();
  /** Listed nodes received before anything referring to them. */
  private final Map<Hash, byte[]> arrivedEarly = new HashMap<>();
  /** Nodes received early whose kind is known now, to take in next. */
  private final Deque<Map.Entry<Hash, byte[]>> ready = new ArrayDeque<>();

  private static final class Waiting {
    final byte[] node;
    int missing;

    Waiting(byte[] node, int missing) {
      this.node = node;
      this.missing = missing;
    }
  }

  RemoteFetch(Repository local, Remote remote, String operation) {
    this.local = local;
    this.remote = remote;
    this.progress = local.progressListener();
    this.operation = operation;
    local.sweepLock().readLock().lock();
    try {
      this.snapshot = local.nodeStore().beginRead();
    } catch (RuntimeException e) {
      local.sweepLock().readLock().unlock();
      throw e;
    }
  }

  /** Whether this repository holds a node, which then is a complete subtree. */
  boolean has(Hash id) {
    return stored.contains(id) || snapshot.contains(id);
  }

  /**
   * Makes the fetch partial: with a depth, only the commits the server finds within that many
   * generations of the heads; on a shallow repository without a depth, only the commits the
   * server lists as new (nothing behind the boundary); only the namespaces {@code namespaces}
   * accepts. A commit whose parent is left out arrives without it, at the shallow boundary.
   */
  RemoteFetch limitTo(int depth, boolean shallow, Predicate<String> namespaces) {
    this.depth = depth;
    this.commitScope = depth > 0 || shallow ? new HashSet<>() : null;
    this.namespaces = namespaces;
    return this;
  }

  /**
   * Fetches what the commits at this repository's shallow boundary lack, within the commit scope:
   * how a deepening fetch goes behind commits it already has.
   */
  RemoteFetch deepen(Set<Hash> boundary) {
    for (Hash commit : boundary) {
      if (snapshot.contains(commit)) {
        for (Hash parent : CommitSource.of(snapshot).read(commit).parents()) {
          if (commitScope == null || commitScope.contains(parent)) {
            want(parent, NodeLinks.Kind.COMMIT);
          }
        }
      }
    }
    drain();
    return this;
  }

  /** The commits received by this fetch. */
  Set<Hash> commitsReceived() {
    return commitsReceived;
  }

  /**
   * The commits where the shallow boundary may now lie: every commit the server listed for a
   * partial fetch (also those an earlier, interrupted attempt stored), else those received.
   */
  Set<Hash> boundaryCandidates() {
    return commitScope != null ? commitScope : commitsReceived;
  }

  /**
   * Fetches everything the heads reach that this repository lacks.
   *
   * @param heads commits of the remote
   * @param known commits this repository has, which the server may know too: where to stop
   */
  RemoteFetch fetch(Collection<Hash> heads, List<Hash> known) {
    List<Hash> wanted = heads.stream().filter(head -> !has(head)).distinct().toList();
    if (wanted.isEmpty() && depth == 0) {
      return this;
    }
    // With a depth, ask about heads already here too: what lies behind them may be missing.
    List<Hash> asked = depth == 0 ? wanted : heads.stream().distinct().toList();
    boolean listChanges = changes && depth == 0 && commitScope == null && !known.isEmpty();
    List<Hash> changed = new ArrayList<>();
    for (List<Hash> batch : Remote.batches(asked, RemoteProtocol.MAX_WANTS)) {
      requests++;
      List<Hash> listed;
      if (listChanges) {
        Remote.Changes answer = remote.commitsAndChanges(batch, known);
        listed = answer.commits();
        changed.addAll(answer.nodes());
      } else {
        listed = depth == 0 ? remote.commits(batch, known) : remote.commits(batch, known, depth);
      }
      if (commitScope != null) {
        commitScope.addAll(listed);
        commitScope.addAll(batch);
      }
      for (Hash commit : listed) {
        want(commit, NodeLinks.Kind.COMMIT);
      }
    }
    wanted.forEach(head -> want(head, NodeLinks.Kind.COMMIT));
    for (Hash id : changed) {
      // Asked for with the commits; each learns its kind from the node that refers to it, which the
      // server lists before it. A listed node nothing received refers to is dropped unstored.
      if (!has(id) && !requested.containsKey(id) && listedAhead.add(id)) {
        queue.add(id);
      }
    }
    drain();
    return this;
  }

  /**
   * Lets the fetch ask a server that offers {@value RemoteProtocol#CHANGES} for the new commits'
   * changed nodes with the commits, and for all of them in one nodes request; only for a fetch
   * into a complete repository, on top of commits it has.
   */
  RemoteFetch listChanges(boolean offered) {
    this.changes = offered;
    return this;
  }

  /** Requests what is queued and what it leads to, until nothing is left. */
  private void drain() {
    while (!queue.isEmpty()) {
      List<Hash> batch = new ArrayList<>();
      while (!queue.isEmpty() && batch.size() < BATCH) {
        batch.add(queue.poll());
      }
      requests++;
      try {
        remote.nodes(batch, this::receive);
      } catch (RuntimeException e) {
        flush(); // what arrived whole stays, so that a retry does not fetch it again
        throw e;
      }
      if (!holdLast || !queue.isEmpty()) {
        flush();
      }
      progress.progress(operation, "receiving", nodes, -1, bytes);
    }
    listedAhead.clear();
    arrivedEarly.clear();
    if (!waiting.isEmpty()) {
      throw new RemoteException("the remote " + remote + " sent " + waiting.size() + " nodes whose subtrees it did not "
          + "send; nothing incomplete was stored. Verify the remote repository", 0, null);
    }
    progress.progress(operation, "receiving", nodes, nodes, bytes);
  }

  private void want(Hash id, NodeLinks.Kind kind) {
    if (!has(id) && !requested.containsKey(id)) {
      requested.put(id, kind);
      if (listedAhead.remove(id)) {
        byte[] early = arrivedEarly.remove(id);
        if (early != null) {
          ready.add(Map.entry(id, early)); // received before what refers to it: taken in now
        }
      } else {
        queue.add(id);
      }
    }
  }

  private void receive(Hash id, byte[] node) {
    if (listedAhead.contains(id)) {
      if (arrivedEarly.putIfAbsent(id, node) != null) {
        throw new RemoteException("the remote " + remote + " sent node " + id.toShortHex() + " twice", 0, null);
      }
      return;
    }
    take(id, node);
    while (!ready.isEmpty()) {
      Map.Entry<Hash, byte[]> next = ready.poll();
      take(next.getKey(), next.getValue());
    }
  }

  private void take(Hash id, byte[] node) {
    NodeLinks.Kind kind = requested.get(id);
    if (kind == null || waiting.containsKey(id) || has(id)) {
      throw new RemoteException("the remote " + remote + " sent node " + id.toShortHex() + ", which was not asked for",
          0, null);
    }
    Map<Hash, NodeLinks.Kind> links;
    try {
      links = NodeLinks.inContext(id, node, kind, namespaces);
    } catch (CorruptNodeException e) {
      throw new RemoteException("the remote " + remote + " sent a malformed node: " + e.getMessage(), 0, e);
    }
    int missing = 0;
    if (kind == NodeLinks.Kind.COMMIT) {
      commitsReceived.add(id);
    }
    for (Map.Entry<Hash, NodeLinks.Kind> link : links.entrySet()) {
      Hash child = link.getKey();
      if (has(child) || (link.getValue() == NodeLinks.Kind.COMMIT && commitScope != null
          && !commitScope.contains(child))) {
        continue; // here already, or a parent beyond the shallow boundary this fetch draws
      }
      want(child, link.getValue());
      waiters.computeIfAbsent(child, c -> new ArrayList<>()).add(id);
      missing++;
    }
    nodes++;
    bytes += node.length;
    if (nodes % NodeTransfer.REPORT_EVERY == 0) {
      progress.progress(operation, "receiving", nodes, -1, bytes);
    }
    if (missing == 0) {
      complete(id, node);
    } else {
      waiting.put(id, new Waiting(node, missing));
    }
  }

  /** Stores a node whose subtree is here, and then every waiting node that only lacked it. */
  private void complete(Hash id, byte[] node) {
    Deque<Map.Entry<Hash, byte[]>> done = new ArrayDeque<>(List.of(Map.entry(id, node)));
    while (!done.isEmpty()) {
      Map.Entry<Hash, byte[]> next = done.pop();
      stored.add(next.getKey());
      requested.remove(next.getKey());
      toWrite.put(next.getKey(), next.getValue());
      for (Hash parent : waiters.getOrDefault(next.getKey(), List.of())) {
        Waiting waits = waiting.get(parent);
        if (--waits.missing == 0) {
          waiting.remove(parent);
          done.push(Map.entry(parent, waits.node));
        }
      }
      waiters.remove(next.getKey());
    }
  }

  /**
   * Keeps the nodes of the last answer for the caller's refs transaction ({@link #stageInto}), so
   * that nodes and refs take one commit instead of two. Whatever the caller does not take is
   * written at {@link #close}.
   */
  RemoteFetch holdLastAnswer() {
    this.holdLast = true;
    return this;
  }

  /**
   * Puts the nodes not written yet into {@code tx}, to be committed with the refs; call
   * {@link #staged} once it committed. Returns whether there were any.
   */
  boolean stageInto(WriteTransaction tx) {
    if (toWrite.isEmpty()) {
      return false;
    }
    tx.putAll(toWrite);
    return true;
  }

  /** The nodes {@link #stageInto} staged are committed. */
  void staged() {
    toWrite.clear();
  }

  private void flush() {
    if (toWrite.isEmpty()) {
      return;
    }
    try (WriteTransaction tx = local.beginWrite()) {
      tx.putAll(toWrite);
      tx.commit();
    }
    toWrite.clear();
  }

  long nodes() {
    return nodes;
  }

  long bytes() {
    return bytes;
  }

  /** Requests made after the refs listing. */
  int requests() {
    return requests;
  }

  @Override
  public void close() {
    try {
      flush(); // nodes of the last answer that no refs transaction took: complete subtrees, kept
    } finally {
      try {
        snapshot.close();
      } finally {
        local.sweepLock().readLock().unlock();
      }
    }
  }
}

package io.prolly;

import io.prolly.commit.RefNames;
import io.prolly.error.PartialRepositoryException;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.WriteTransaction;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Partial clones and deepening fetches between two repositories in one process: what
 * {@link Transfer#cloneInto(Repository, CloneOptions)} and {@link Transfer#fetch(Repository, String,
 * int)} do. The receiver's {@link PartialRefs} change in the transaction that brings the nodes.
 */
final class PartialTransfer {

  private PartialTransfer() {}

  /**
   * The commits at most {@code depth} generations from the heads (the heads are generation 1),
   * without entering what {@code tx} lacks on purpose; every commit the heads reach for depth
   * {@link CloneOptions#ALL_HISTORY} or {@link Transfer#UNSHALLOW}.
   */
  static Set<Hash> withinDepth(ReadTransaction tx, Collection<Hash> heads, int depth, Set<Hash> absent) {
    boolean all = depth == CloneOptions.ALL_HISTORY || depth == Transfer.UNSHALLOW;
    Map<Hash, Integer> generation = new HashMap<>();
    Deque<Hash> todo = new ArrayDeque<>();
    for (Hash head : heads) {
      if (generation.putIfAbsent(head, 1) == null) {
        todo.add(head);
      }
    }
    while (!todo.isEmpty()) {
      Hash id = todo.poll();
      int next = generation.get(id) + 1;
      if (!all && next > depth) {
        continue;
      }
      for (Hash parent : PartialRefs.commit(tx, id).parents()) {
        if (!absent.contains(parent) && generation.putIfAbsent(parent, next) == null) {
          todo.add(parent); // breadth first, so the first generation found is the smallest
        }
      }
    }
    return new LinkedHashSet<>(generation.keySet());
  }

  /** The namespaces a clone keeps: what it asks for, within what its source has. */
  static List<String> namespaces(PartialState source, List<String> requested) {
    if (requested.isEmpty()) {
      return source.namespaces();
    }
    for (String path : requested) {
      if (!source.hasNamespace(path)) {
        throw new PartialRepositoryException(path, "namespace '" + path + "' cannot be cloned from this repository: "
            + "it is a partial clone holding only the namespaces " + source.namespaces() + "; clone from a repository "
            + "that has it");
      }
    }
    return requested;
  }

  static SyncReport cloneInto(Repository source, Repository target, CloneOptions options) {
    RepositorySync.requireOther(source, target, "target");
    if (options == null) {
      throw new IllegalArgumentException("clone options are null; use CloneOptions.FULL for a complete clone");
    }
    long start = System.nanoTime();
    return CasRetry.run("clone", attempt -> {
      try (ReadTransaction from = source.nodeStore().beginRead(); WriteTransaction to = target.beginWrite()) {
        RepositorySync.requireNoRefs(to, "clone");
        SortedMap<String, Hash> refs = new TreeMap<>(from.refs(RefNames.BRANCHES));
        refs.putAll(from.refs(RefNames.TAGS));
        PartialState sourceState = PartialRefs.read(from);
        List<String> namespaces = namespaces(sourceState, options.namespaces());
        Set<Hash> commits = withinDepth(from, refs.values(), options.depth(),
            PartialRefs.absentParents(from, sourceState).keySet());
        PartialState selected = new PartialState(new TreeSet<>(), namespaces);
        ReachableNodes walk = new ReachableNodes(from, commits::contains, selected::hasNamespace);
        NodeTransfer transfer = new NodeTransfer(source.progressListener(), "clone")
            .copy(walk, to, refs.values(), id -> !to.contains(id));
        refs.forEach((name, id) -> to.setRef(name, null, id));
        PartialRefs.write(to, new PartialState(PartialRefs.boundary(to, commits), namespaces));
        to.commit();
        return new SyncReport(transfer.nodes(), transfer.bytes(), List.copyOf(refs.keySet()), null,
            Duration.ofNanos(System.nanoTime() - start));
      }
    });
  }

  static SyncReport fetch(Repository source, Repository local, String branch, int depth) {
    RepositorySync.requireOther(local, source, "source");
    if (depth < 1) {
      throw new IllegalArgumentException("depth is " + depth + "; give the number of newest commits to have (1 or "
          + "more), or Transfer.UNSHALLOW for the whole history");
    }
    String ref = RefNames.branchRef(branch);
    String fetchedRef = "fetched/" + RefNames.check("branch", branch);
    long start = System.nanoTime();
    return CasRetry.run("fetch of branch '" + branch + "'", attempt -> {
      try (ReadTransaction from = source.nodeStore().beginRead(); WriteTransaction to = local.beginWrite()) {
        Hash head = NamedRefs.require(from, ref, "branch", branch);
        PartialState before = PartialRefs.read(to);
        Set<Hash> commits = withinDepth(from, List.of(head), depth,
            PartialRefs.absentParents(from, PartialRefs.read(from)).keySet());
        ReachableNodes walk = new ReachableNodes(from, commits::contains, before::hasNamespace);
        // A commit here is whole below, except at the shallow boundary: enter those again to go deeper.
        Set<Hash> boundary = before.shallowCommits();
        List<Hash> starts = new ArrayList<>(List.of(head));
        starts.addAll(boundary);
        NodeTransfer transfer = new NodeTransfer(local.progressListener(), "fetch")
            .copy(walk, to, starts, id -> !to.contains(id) || boundary.contains(id));
        List<Hash> candidates = new ArrayList<>(boundary.stream().filter(to::contains).toList());
        commits.stream().filter(to::contains).forEach(candidates::add);
        PartialRefs.write(to, new PartialState(PartialRefs.boundary(to, candidates), before.namespaces()));
        List<String> updated = new ArrayList<>();
        Hash old = to.ref(fetchedRef);
        if (!head.equals(old)) {
          to.setRef(fetchedRef, old, head);
          updated.add(fetchedRef);
        }
        to.commit();
        return new SyncReport(transfer.nodes(), transfer.bytes(), updated, null,
            Duration.ofNanos(System.nanoTime() - start));
      }
    });
  }
}

package io.prolly;

import io.prolly.merge.MergeResult;
import io.prolly.commit.Commit;
import io.prolly.commit.CommitGraph;
import io.prolly.commit.CommitSource;
import io.prolly.commit.RevisionResolver;
import io.prolly.spi.Hash;
import io.prolly.spi.WriteTransaction;
import io.prolly.merge.ConflictResolver;
import io.prolly.tree.Tree;
import io.prolly.tree.TreeMergeResult;
import io.prolly.tree.TreeWriter;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One attempt at {@link Repository#merge(String, String, ConflictResolver)}, in one write
 * transaction: up to date, fast-forward, or a {@link NamespaceMerge} against the merge base.
 */
final class BranchMerge {

  /** How deep merge bases of merge bases are merged before an empty base is assumed. */
  private static final int MAX_VIRTUAL_BASE_DEPTH = 8;

  private final Repository repository;
  private final String source;
  private final String into;
  private final String ref;
  private final ConflictResolver resolver;

  BranchMerge(Repository repository, String source, String into, String ref, ConflictResolver resolver) {
    this.repository = repository;
    this.source = source;
    this.into = into;
    this.ref = ref;
    this.resolver = resolver;
  }

  MergeResult run() {
    try (WriteTransaction tx = repository.beginWrite()) {
      Hash theirs = new RevisionResolver(tx).resolve(source);
      Hash ours = Repository.requireRef(tx, ref, "branch", into);
      CommitSource commits = CommitSource.of(tx);
      CommitGraph graph = new CommitGraph(commits);
      if (ours.equals(theirs) || graph.isAncestor(theirs, ours)) {
        return new MergeResult(ours, theirs, theirs, MergeResult.Kind.UP_TO_DATE, List.of());
      }
      if (graph.isAncestor(ours, theirs)) {
        tx.setRef(ref, ours, theirs);
        tx.commit();
        return new MergeResult(theirs, ours, theirs, MergeResult.Kind.FAST_FORWARD, List.of());
      }
      List<Hash> bases = graph.mergeBases(ours, theirs);
      @Nullable Hash base = bases.isEmpty() ? null : bases.get(0);
      TreeWriter writer = repository.writer(tx);
      Tree baseRegistry = virtualBase(graph, commits, writer, bases, 0);
      NamespaceMerge merge = new NamespaceMerge(resolver);
      TreeMergeResult registry = merge.merge(writer, baseRegistry, NamespaceRegistry.at(commits.read(ours).root()),
          NamespaceRegistry.at(commits.read(theirs).root()));
      merge.requireNoConflict("merge of '" + source + "' into '" + into + "'");
      Commit commit = new Commit(registry.tree().root(), List.of(ours, theirs), repository.author(),
          "Merge '" + source + "' into '" + into + "'", Instant.now(), new TreeMap<>());
      Hash id = commit.writeTo(tx);
      tx.setRef(ref, ours, id);
      tx.commit();
      return new MergeResult(id, base, theirs, MergeResult.Kind.MERGED, merge.resolvedKeys());
    }
  }

  /**
   * The registry to merge against. With one best common ancestor it is that commit's; after
   * criss-cross merges there are several, and, as git's recursive strategy does, they are merged
   * into one virtual base (against their own merge base, recursively; conflicts among them take
   * the first base's side, the bases being sorted by id), so that a change already merged on both
   * sides is not mistaken for a conflict. Its nodes are written but never referenced.
   */
  private static Tree virtualBase(CommitGraph graph, CommitSource commits, TreeWriter writer, List<Hash> bases,
      int depth) {
    if (bases.isEmpty()) {
      return NamespaceRegistry.EMPTY;
    }
    Tree merged = NamespaceRegistry.at(commits.read(bases.get(0)).root());
    for (Hash other : bases.subList(1, bases.size())) {
      Tree pairBase = depth >= MAX_VIRTUAL_BASE_DEPTH ? NamespaceRegistry.EMPTY
          : virtualBase(graph, commits, writer, graph.mergeBases(bases.get(0), other), depth + 1);
      merged = writer.merge(pairBase, merged, NamespaceRegistry.at(commits.read(other).root()), conflict ->
          NamespaceMerge.stored(NamespaceMerge.mergedTree(writer, conflict, ConflictResolver.ours()).tree())).tree();
    }
    return merged;
  }
}

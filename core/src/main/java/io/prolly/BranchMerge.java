package io.prolly;

import io.prolly.merge.MergePreview;
import io.prolly.merge.MergeResult;
import io.prolly.commit.Commit;
import io.prolly.error.MergeConflictException;
import io.prolly.commit.CommitGraph;
import io.prolly.commit.CommitSource;
import io.prolly.commit.RevisionResolver;
import io.prolly.spi.Hash;
import io.prolly.spi.WriteTransaction;
import io.prolly.merge.ConflictResolver;
import io.prolly.tree.Tree;
import io.prolly.tree.TreeMergeResult;
import io.prolly.tree.TreeReader;
import io.prolly.tree.TreeWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One attempt at {@link Repository#merge(String, String, ConflictResolver)}, in one write
 * transaction: up to date, fast-forward, or a {@link NamespaceMerge} against the merge base; or
 * its {@linkplain #preview preview}, the same work over a read transaction, written nowhere.
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

  /** The branch merged into. */
  String into() {
    return into;
  }

  /**
   * Merges, retrying lost races, and tells the repository's metrics and the flight recorder how
   * it went.
   */
  static MergeResult run(Repository repository, String source, String into, String ref, ConflictResolver resolver) {
    long start = System.nanoTime();
    MergeEvent event = new MergeEvent();
    event.begin();
    int[] attempts = {0};
    RepositoryMetrics.Outcome outcome = RepositoryMetrics.Outcome.FAILED;
    int conflicts = 0;
    try {
      MergeResult result = CasRetry.run("merge of '" + source + "' into '" + into + "'", attempt -> {
        attempts[0] = attempt;
        return new BranchMerge(repository, source, into, ref, resolver).run();
      });
      outcome = switch (result.kind()) {
        case UP_TO_DATE -> RepositoryMetrics.Outcome.UP_TO_DATE;
        case FAST_FORWARD -> RepositoryMetrics.Outcome.FAST_FORWARD;
        case MERGED -> RepositoryMetrics.Outcome.MERGED;
      };
      return result;
    } catch (MergeConflictException conflict) {
      outcome = RepositoryMetrics.Outcome.CONFLICT;
      conflicts = conflict.conflictingKeys().size();
      throw conflict;
    } finally {
      told(repository, source, into, event, start, outcome, attempts[0], conflicts);
    }
  }

  /**
   * Makes this merge in the caller's transaction if it needs no merge commit: sets the branch
   * there for a fast-forward, or nothing when it is up to date; null, with nothing written, when
   * the branch and the source diverged and only {@link #run} can merge them. The caller commits,
   * and then tells {@link #told(Repository, String, String, MergeResult, long)}.
   */
  @Nullable MergeResult fastForwardIn(WriteTransaction tx) {
    Hash theirs = new RevisionResolver(tx).resolve(source);
    Hash ours = NamedRefs.require(tx, ref, "branch", into);
    Set<Hash> absent = PartialRefs.absentParentIds(tx);
    CommitGraph graph = new CommitGraph(repository.commitSource(tx), absent::contains);
    if (ours.equals(theirs) || graph.isAncestor(theirs, ours)) {
      return new MergeResult(ours, theirs, theirs, MergeResult.Kind.UP_TO_DATE, List.of());
    }
    if (graph.isAncestor(ours, theirs)) {
      tx.setRef(ref, ours, theirs);
      return new MergeResult(theirs, ours, theirs, MergeResult.Kind.FAST_FORWARD, List.of());
    }
    return null;
  }

  /** Tells the metrics and the flight recorder of a merge {@link #fastForwardIn} made, once committed. */
  static void told(Repository repository, String source, String into, MergeResult result, long start) {
    MergeEvent event = new MergeEvent();
    told(repository, source, into, event, start, result.kind() == MergeResult.Kind.FAST_FORWARD
        ? RepositoryMetrics.Outcome.FAST_FORWARD : RepositoryMetrics.Outcome.UP_TO_DATE, 1, 0);
  }

  private static void told(Repository repository, String source, String into, MergeEvent event, long start,
      RepositoryMetrics.Outcome outcome, int attempts, int conflicts) {
    repository.metrics().merge(outcome, System.nanoTime() - start);
    if (event.shouldCommit()) {
      event.source = source;
      event.branch = into;
      event.outcome = outcome.name().toLowerCase(Locale.ROOT);
      event.attempts = attempts;
      event.conflicts = conflicts;
      event.commit();
    }
  }

  MergeResult run() {
    try (WriteTransaction tx = repository.beginWrite()) {
      Plan plan = plan(tx);
      switch (plan.kind()) {
        case UP_TO_DATE:
          return new MergeResult(plan.ours(), plan.theirs(), plan.theirs(), MergeResult.Kind.UP_TO_DATE, List.of());
        case FAST_FORWARD:
          tx.setRef(ref, plan.ours(), plan.theirs());
          tx.commit();
          return new MergeResult(plan.theirs(), plan.ours(), plan.theirs(), MergeResult.Kind.FAST_FORWARD, List.of());
        default:
          NamespaceMerge merge = plan.merge();
          merge.requireNoConflict("merge of '" + source + "' into '" + into + "'");
          Commit commit = new Commit(plan.merged().root(), List.of(plan.ours(), plan.theirs()), repository.author(),
              "Merge '" + source + "' into '" + into + "'", Instant.now(), new TreeMap<>());
          Hash id = repository.writeCommit(tx, commit);
          tx.setRef(ref, plan.ours(), id);
          tx.commit();
          return new MergeResult(id, plan.base(), plan.theirs(), MergeResult.Kind.MERGED, merge.resolvedKeys());
      }
    }
  }

  /**
   * Works out what {@link #run()} would do, over one read transaction whose tree writes stay in
   * memory ({@link ScratchWrites}): nothing is written to the store, and the cost follows the
   * size of the changes. Lists at most {@code maxChanges} changes and counts them all.
   */
  MergePreview preview(int maxChanges) {
    try (ScratchWrites tx = new ScratchWrites(repository.nodeStore().beginRead())) {
      Plan plan = plan(tx);
      List<KeyChange<byte[]>> changes = new ArrayList<>();
      long count = 0;
      List<MergePreview.KeyConflict> conflicts = List.of();
      MergePreview.Outcome outcome = MergePreview.Outcome.UP_TO_DATE;
      if (plan.kind() != MergeResult.Kind.UP_TO_DATE) {
        Tree merged = plan.kind() == MergeResult.Kind.FAST_FORWARD ? plan.theirsRegistry() : plan.merged();
        TreeReader reader = repository.reader(tx);
        Iterator<KeyChange<byte[]>> diff =
            RevisionDiff.ofRegistries(reader, plan.oursRegistry(), merged, Codecs.bytes()).iterator();
        while (diff.hasNext()) {
          KeyChange<byte[]> change = diff.next();
          if (count++ < maxChanges) {
            changes.add(change);
          }
        }
        conflicts = plan.kind() == MergeResult.Kind.MERGED ? plan.merge().conflicts() : List.of();
        outcome = !conflicts.isEmpty() ? MergePreview.Outcome.CONFLICTS
            : plan.kind() == MergeResult.Kind.FAST_FORWARD ? MergePreview.Outcome.FAST_FORWARD
            : MergePreview.Outcome.MERGED;
      }
      return new MergePreview(outcome, plan.ours(), plan.theirs(), plan.base(), changes, count, conflicts);
    }
  }

  /**
   * What the merge does: its kind, and for a merge the three-way merge of the registries.
   *
   * @param base the merge base for a merge, else null
   * @param merge the registry merge, with the resolved and unresolved keys; null unless merging
   * @param merged the merged registry, in which unresolved keys keep our side; null unless merging
   */
  private record Plan(MergeResult.Kind kind, Hash ours, Hash theirs, Tree oursRegistry, Tree theirsRegistry,
      @Nullable Hash base, @Nullable NamespaceMerge merge, @Nullable Tree merged) {}

  private Plan plan(WriteTransaction tx) {
    Hash theirs = new RevisionResolver(tx).resolve(source);
    Hash ours = NamedRefs.require(tx, ref, "branch", into);
    CommitSource commits = repository.commitSource(tx);
    Set<Hash> absent = PartialRefs.absentParentIds(tx); // a shallow clone merges over the history it has
    CommitGraph graph = new CommitGraph(commits, absent::contains);
    Tree oursRegistry = NamespaceRegistry.at(commits.read(ours).root());
    Tree theirsRegistry = NamespaceRegistry.at(commits.read(theirs).root());
    if (ours.equals(theirs) || graph.isAncestor(theirs, ours)) {
      return new Plan(MergeResult.Kind.UP_TO_DATE, ours, theirs, oursRegistry, theirsRegistry, null, null, null);
    }
    if (graph.isAncestor(ours, theirs)) {
      return new Plan(MergeResult.Kind.FAST_FORWARD, ours, theirs, oursRegistry, theirsRegistry, null, null, null);
    }
    List<Hash> bases = graph.mergeBases(ours, theirs);
    TreeWriter writer = repository.writer(tx);
    Tree baseRegistry = virtualBase(graph, commits, writer, bases, 0);
    NamespaceMerge merge = new NamespaceMerge(resolver);
    TreeMergeResult registry = merge.merge(writer, baseRegistry, oursRegistry, theirsRegistry);
    return new Plan(MergeResult.Kind.MERGED, ours, theirs, oursRegistry, theirsRegistry,
        bases.isEmpty() ? null : bases.get(0), merge, registry.tree());
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

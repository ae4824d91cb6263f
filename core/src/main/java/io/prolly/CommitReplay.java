package io.prolly;

import io.prolly.commit.Commit;
import io.prolly.commit.CommitSource;
import io.prolly.commit.RefNames;
import io.prolly.commit.RevisionResolver;
import io.prolly.merge.ConflictResolver;
import io.prolly.merge.MergeResult;
import io.prolly.spi.Hash;
import io.prolly.spi.WriteTransaction;
import io.prolly.tree.Tree;
import io.prolly.tree.TreeMergeResult;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * {@link Repository#revert} and {@link Repository#cherryPick}: one commit's changes against its
 * parent, undone or applied again on a branch's head by a three-way {@link NamespaceMerge} — for a
 * revert with the commit as base and its parent as theirs, for a cherry-pick with the parent as
 * base and the commit as theirs (a root commit's parent being the empty registry). Each attempt is
 * one write transaction that writes the new commit and moves the branch by compare-and-set, retried
 * by {@link CasRetry} when the branch moved; a conflict writes nothing.
 */
final class CommitReplay {

  /** The metadata key of a revert commit naming the commit it reverts. */
  static final String REVERTS = "reverts";

  /** The metadata key of a cherry-picked commit naming the commit it was picked from. */
  static final String CHERRY_PICKED_FROM = "cherry-picked-from";

  private final Repository repository;
  private final String branch;
  private final String revision;
  private final ConflictResolver resolver;
  private final boolean revert;

  private CommitReplay(Repository repository, String branch, String revision, ConflictResolver resolver,
      boolean revert) {
    this.repository = repository;
    this.branch = branch;
    this.revision = revision;
    this.resolver = resolver;
    this.revert = revert;
  }

  static MergeResult revert(Repository repository, String branch, String revision, ConflictResolver resolver) {
    CommitReplay replay = new CommitReplay(repository, branch, revision, resolver, true);
    return CasRetry.run(replay.what(), attempt -> replay.attempt());
  }

  static MergeResult cherryPick(Repository repository, String branch, String revision, ConflictResolver resolver) {
    CommitReplay replay = new CommitReplay(repository, branch, revision, resolver, false);
    return CasRetry.run(replay.what(), attempt -> replay.attempt());
  }

  private String what() {
    return (revert ? "revert of '" : "cherry-pick of '") + revision + "' on branch '" + branch + "'";
  }

  private MergeResult attempt() {
    String ref = RefNames.branchRef(branch);
    try (WriteTransaction tx = repository.beginWrite()) {
      Hash replayed = new RevisionResolver(tx).resolve(revision);
      Hash ours = NamedRefs.require(tx, ref, "branch", branch);
      CommitSource commits = CommitSource.of(tx);
      Commit commit = commits.read(replayed);
      if (commit.isMerge()) {
        throw new IllegalArgumentException("commit " + replayed.toShortHex() + " (" + revision + ") is a merge of "
            + commit.parents().size() + " parents, so which side's changes to " + (revert ? "undo" : "apply")
            + " is ambiguous; " + (revert ? "revert" : "cherry-pick") + " the commits it merged one by one instead");
      }
      @Nullable Hash parent = commit.parents().isEmpty() ? null : commit.parents().get(0);
      Tree changed = NamespaceRegistry.at(commit.root());
      Tree before = parent == null ? NamespaceRegistry.EMPTY : NamespaceRegistry.at(commits.read(parent).root());
      Tree head = NamespaceRegistry.at(commits.read(ours).root());
      NamespaceMerge merge = new NamespaceMerge(resolver);
      TreeMergeResult result = revert
          ? merge.merge(repository.writer(tx), changed, head, before)
          : merge.merge(repository.writer(tx), before, head, changed);
      merge.requireNoConflict(what());
      Hash base = revert ? replayed : parent;
      if (result.tree().root().equals(head.root())) {
        return new MergeResult(ours, base, replayed, MergeResult.Kind.UP_TO_DATE, merge.resolvedKeys());
      }
      Hash id = repository.writeCommit(tx, replay(commit, replayed, result.tree(), ours));
      tx.setRef(ref, ours, id);
      tx.commit();
      return new MergeResult(id, base, replayed, MergeResult.Kind.MERGED, merge.resolvedKeys());
    }
  }

  /** The new commit: a revert by this repository's author, or the picked commit's message and author. */
  private Commit replay(Commit original, Hash originalId, Tree registry, Hash parent) {
    SortedMap<String, String> metadata = new TreeMap<>();
    if (revert) {
      metadata.put(REVERTS, originalId.toHex());
      String subject = original.message().lines().findFirst().orElse("");
      return new Commit(registry.root(), List.of(parent), repository.author(), "Revert '" + subject + "'\n\n"
          + "This reverts commit " + originalId.toHex() + ".", Instant.now(), metadata);
    }
    metadata.putAll(original.metadata());
    metadata.put(CHERRY_PICKED_FROM, originalId.toHex());
    return new Commit(registry.root(), List.of(parent), original.author(), original.message(), Instant.now(),
        metadata);
  }
}

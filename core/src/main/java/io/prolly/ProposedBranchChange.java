package io.prolly;

import io.prolly.commit.CommitGraph;
import io.prolly.commit.CommitSource;
import io.prolly.commit.LogEntry;
import io.prolly.spi.Hash;
import io.prolly.spi.support.Arguments;
import io.prolly.spi.ReadTransaction;
import io.prolly.tree.Tree;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** A branch move read through the write transaction that is about to publish it. */
final class ProposedBranchChange implements BranchChange {

  private final Repository repository;
  private final ReadTransaction tx;
  private final CommitSource commits;
  private final String branch;
  private final @Nullable Hash oldHead;
  private final Hash newHead;

  ProposedBranchChange(Repository repository, ReadTransaction tx, String branch, @Nullable Hash oldHead,
      Hash newHead) {
    this.repository = repository;
    this.tx = tx;
    this.commits = CommitSource.of(tx);
    this.branch = branch;
    this.oldHead = oldHead;
    this.newHead = newHead;
  }

  @Override
  public String branch() {
    return branch;
  }

  @Override
  public @Nullable Hash oldHead() {
    return oldHead;
  }

  @Override
  public CommitInfo newHead() {
    return CommitInfo.of(newHead, commits.read(newHead));
  }

  @Override
  public Stream<CommitInfo> newCommits() {
    return newCommitEntries().map(entry -> CommitInfo.of(entry.id(), entry.commit()));
  }

  /** The new commits as stored, signatures included. */
  Stream<LogEntry> newCommitEntries() {
    return new CommitGraph(commits).range(newHead, oldHead);
  }

  @Override
  public Stream<KeyChange<byte[]>> changes() {
    return changes(Codecs.bytes());
  }

  @Override
  public <V> Stream<KeyChange<V>> changes(Codec<V> codec) {
    Arguments.notNull(codec, "codec");
    Tree before = oldHead == null ? NamespaceRegistry.EMPTY : NamespaceRegistry.at(commits.read(oldHead).root());
    Tree after = NamespaceRegistry.at(commits.read(newHead).root());
    return RevisionDiff.ofRegistries(repository.reader(tx), before, after, codec);
  }

  @Override
  public String toString() {
    return "branch '" + branch + "' from " + (oldHead == null ? "nothing" : oldHead.toShortHex()) + " to "
        + newHead.toShortHex();
  }
}

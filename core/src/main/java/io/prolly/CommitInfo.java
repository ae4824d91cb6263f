package io.prolly;

import io.prolly.spi.support.Arguments;
import io.prolly.spi.Hash;
import io.prolly.commit.Commit;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import org.jspecify.annotations.Nullable;

/**
 * A commit as {@link Repository#log}, {@link Repository#commitInfo}, {@link Repository#history} and
 * {@link Repository#blame} show it.
 *
 * @param id the commit id
 * @param parents parent commits, first parent first; none for a first commit, two for a merge
 * @param author who made it
 * @param message why
 * @param timestamp when, to the millisecond
 * @param metadata the application's string pairs, sorted by key, unmodifiable
 * @param signer the fingerprint of the key the commit claims to be signed with, or null if it is
 *     unsigned; {@link CommitSigning#check} tells whether the signature is good and trusted
 */
public record CommitInfo(
    Hash id, List<Hash> parents, String author, String message, Instant timestamp,
    SortedMap<String, String> metadata, @Nullable String signer) {

  /**
   * Copies the parents.
   *
   * @throws IllegalArgumentException if a field is null
   */
  public CommitInfo {
    Arguments.notNull(id, "id");
    parents = List.copyOf(Arguments.notNull(parents, "parents"));
    Arguments.notNull(author, "author");
    Arguments.notNull(message, "message");
    Arguments.notNull(timestamp, "timestamp");
    Arguments.notNull(metadata, "metadata");
  }

  /**
   * Describes an unsigned commit.
   *
   * @throws IllegalArgumentException if a field is null
   */
  public CommitInfo(Hash id, List<Hash> parents, String author, String message, Instant timestamp,
      SortedMap<String, String> metadata) {
    this(id, parents, author, message, timestamp, metadata, null);
  }

  /** Describes a stored commit, with the fingerprint its signature claims. */
  static CommitInfo of(Hash id, Commit commit) {
    return new CommitInfo(id, commit.parents(), commit.author(), commit.message(), commit.timestamp(),
        commit.metadata(), commit.signature() == null ? null : commit.signature().fingerprint());
  }

  /**
   * Tells whether this commit merged two or more lines of history.
   *
   * @return true if it has more than one parent
   */
  public boolean isMerge() {
    return parents.size() > 1;
  }

  @Override
  public String toString() {
    String firstLine = message.lines().findFirst().orElse("");
    return id.toShortHex() + " " + firstLine + " (" + author + ", " + timestamp + ")";
  }
}

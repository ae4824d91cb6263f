package io.prolly.cli;

import io.prolly.CommitInfo;
import io.prolly.spi.Hash;
import java.util.List;
import java.util.Map;

/**
 * A commit as {@code --json} shows it.
 *
 * @param id the full commit id
 * @param parents the parents' ids, first parent first
 * @param author who committed
 * @param timestamp when, ISO-8601 in UTC
 * @param message the whole message
 * @param metadata the commit's metadata
 * @param refs branches ({@code heads/...}) and tags ({@code tags/...}) pointing at it
 */
record CommitView(String id, List<String> parents, String author, String timestamp, String message,
    Map<String, String> metadata, List<String> refs) {

  static CommitView of(CommitInfo commit, List<String> refs) {
    return new CommitView(commit.id().toHex(), commit.parents().stream().map(Hash::toHex).toList(), commit.author(),
        commit.timestamp().toString(), commit.message(), commit.metadata(), refs);
  }
}

package io.prolly.cli;

import io.prolly.CommitInfo;
import io.prolly.spi.Hash;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code log --graph} columns: one lane per line of history being followed. A commit is drawn
 * as {@code *} in the lane waiting for it and {@code |} in the others; its first parent takes over
 * its lane, its other parents open new lanes, and the other lanes waiting for the same commit join
 * it there, drawn {@code /} on its row and gone from the next.
 * Commits must come newest first, children before parents, as {@code Repository.log} gives them.
 */
final class LogGraph {

  private final List<Hash> lanes = new ArrayList<>();

  /** The graph columns for the next commit, ending in a space. */
  String next(CommitInfo commit) {
    int column = lanes.indexOf(commit.id());
    if (column < 0) {
      lanes.add(commit.id());
      column = lanes.size() - 1;
    }
    StringBuilder row = new StringBuilder();
    for (int lane = 0; lane < lanes.size(); lane++) {
      row.append(lane == column ? '*' : lanes.get(lane).equals(commit.id()) ? '/' : '|').append(' ');
    }
    for (int lane = lanes.size() - 1; lane > column; lane--) {
      if (lanes.get(lane).equals(commit.id())) {
        lanes.remove(lane);
      }
    }
    List<Hash> parents = commit.parents();
    if (parents.isEmpty()) {
      lanes.remove(column);
    } else {
      lanes.set(column, parents.get(0));
      int insertAt = column + 1;
      for (Hash parent : parents.subList(1, parents.size())) {
        if (!lanes.contains(parent)) {
          lanes.add(insertAt++, parent);
        }
      }
    }
    return row.toString();
  }
}

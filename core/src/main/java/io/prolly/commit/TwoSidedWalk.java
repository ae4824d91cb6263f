package io.prolly.commit;

import io.prolly.error.CorruptNodeException;
import io.prolly.spi.Hash;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A walk down the history from two sides at once, newest commit first, that marks each commit it
 * reaches with the sides it is reachable from, as git's {@code paint_down_to_common} does. Taking
 * the newest commit first makes the two sides meet soon after they part, so a walk reads the
 * commits between the sides and a few below, not the whole history below them.
 *
 * <p>The marks are exact whatever the timestamps: a commit is taken again whenever it gains a mark,
 * so every mark reaches every ancestor the walk still looks at. Only where a walk may end depends
 * on the order, as each method says. One walk answers one question; not thread-safe.
 */
final class TwoSidedWalk {

  private static final int LEFT = 1;
  private static final int RIGHT = 2;
  private static final int BOTH = LEFT | RIGHT;
  /** Below a common ancestor already found: nothing there can be a better one. */
  private static final int STALE = 4;

  private final CommitSource commits;
  private final Predicate<Hash> absent;
  private final IntPredicate matters;
  private final Map<Hash, Integer> marks = new HashMap<>();
  private final Map<Hash, LogEntry> read = new HashMap<>();
  private final PriorityQueue<LogEntry> queue = new PriorityQueue<>(CommitGraph.LOG_ORDER);
  private final Set<Hash> queued = new HashSet<>();
  /** Queued commits whose marks still matter to the question. */
  private int live;
  private boolean truncated;

  private TwoSidedWalk(CommitSource commits, Predicate<Hash> absent, IntPredicate matters) {
    this.commits = commits;
    this.absent = absent;
    this.matters = matters;
  }

  /**
   * The common ancestors of two commits that the walk did not find below another: every best one
   * and, when a clock ran backwards and the walk took a worse one first, perhaps a worse one too,
   * which the caller weeds out.
   */
  static Bases commonAncestors(CommitSource commits, Predicate<Hash> absent, Hash a, Hash b) {
    TwoSidedWalk walk = new TwoSidedWalk(commits, absent, marks -> (marks & STALE) == 0);
    walk.mark(a, LEFT);
    walk.mark(b, RIGHT);
    List<Hash> found = new ArrayList<>();
    while (walk.live > 0) {
      LogEntry next = walk.take();
      int marks = walk.marks.get(next.id());
      if ((marks & (BOTH | STALE)) == BOTH) {
        if (!found.contains(next.id())) {
          found.add(next.id());
        }
        marks |= STALE; // for its parents: what lies below a common ancestor is no better one
      }
      walk.markParents(next, marks);
    }
    found.removeIf(id -> (walk.marks.get(id) & STALE) != 0);
    return new Bases(found, walk.truncated);
  }

  /** Whether {@code ancestor} is reachable from {@code descendant}; ends once the two sides meet below it. */
  static boolean isAncestor(CommitSource commits, Predicate<Hash> absent, Hash ancestor, Hash descendant) {
    if (ancestor.equals(descendant)) {
      return true;
    }
    TwoSidedWalk walk = new TwoSidedWalk(commits, absent, marks -> (marks & STALE) == 0);
    try {
      walk.mark(ancestor, LEFT);
    } catch (CorruptNodeException notACommitHere) {
      // Whatever a stored commit reaches is stored (or absent on purpose, and then not walked).
      return false;
    }
    walk.mark(descendant, RIGHT);
    while (walk.live > 0) {
      LogEntry next = walk.take();
      int marks = walk.marks.get(next.id());
      if ((marks & (BOTH | STALE)) == BOTH) {
        if (next.id().equals(ancestor)) {
          return true;
        }
        marks |= STALE; // for its parents: the ancestor cannot lie below a common ancestor
      }
      walk.markParents(next, marks);
    }
    return (walk.marks.getOrDefault(ancestor, 0) & RIGHT) != 0;
  }

  /**
   * The commits reachable from {@code starts} and not from {@code excluded}, newest first. Never
   * one too few: each commit reachable from a start only is taken before the walk ends. With
   * timestamps that never go backwards from a parent to its child the answer is exact, since the
   * walk goes on until every commit left to take is older than the oldest commit found; a clock
   * that ran backwards can leave in it commits {@code excluded} reaches too.
   */
  static HistoryDifference reach(CommitSource commits, Predicate<Hash> absent, Collection<Hash> starts, Collection<Hash> excluded) {
    TwoSidedWalk walk = new TwoSidedWalk(commits, absent, marks -> (marks & RIGHT) == 0);
    excluded.forEach(id -> walk.mark(id, RIGHT));
    starts.forEach(id -> walk.mark(id, LEFT));
    Set<Hash> taken = new LinkedHashSet<>();
    @Nullable Instant oldestTaken = null;
    while (walk.live > 0 || oldestTaken != null && !walk.queue.isEmpty()
        && !walk.queue.peek().commit().timestamp().isBefore(oldestTaken)) {
      LogEntry next = walk.take();
      int marks = walk.marks.get(next.id());
      if ((marks & RIGHT) == 0 && taken.add(next.id())) {
        Instant time = next.commit().timestamp();
        oldestTaken = oldestTaken == null || time.isBefore(oldestTaken) ? time : oldestTaken;
      }
      walk.markParents(next, marks);
    }
    taken.removeIf(id -> (walk.marks.get(id) & RIGHT) != 0);
    Set<Hash> known = new HashSet<>();
    walk.marks.forEach((id, marks) -> {
      if ((marks & RIGHT) != 0) {
        known.add(id);
      }
    });
    return new HistoryDifference(List.copyOf(taken), known);
  }

  private LogEntry take() {
    LogEntry next = queue.poll();
    queued.remove(next.id());
    if (matters.test(marks.get(next.id()))) {
      live--;
    }
    return next;
  }

  private void markParents(LogEntry entry, int marks) {
    for (Hash parent : entry.commit().parents()) {
      mark(parent, marks);
    }
  }

  private void mark(Hash id, int sides) {
    if (absent.test(id)) {
      truncated = true;
      return;
    }
    int before = marks.getOrDefault(id, 0);
    int after = before | sides;
    if (after == before) {
      return;
    }
    marks.put(id, after);
    if (queued.add(id)) {
      queue.add(read.computeIfAbsent(id, key -> new LogEntry(key, commits.read(key))));
      if (matters.test(after)) {
        live++;
      }
    } else if (matters.test(before) && !matters.test(after)) {
      live--;
    }
  }

  /**
   * Common ancestors found by {@link #commonAncestors}.
   *
   * @param found the candidates, none below another that the walk saw
   * @param truncated whether the walk met a parent this repository lacks on purpose
   */
  record Bases(List<Hash> found, boolean truncated) {}
}

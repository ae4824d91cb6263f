package io.prolly.commit;

import io.prolly.error.PartialRepositoryException;
import io.prolly.spi.Hash;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * Walks the graph of commits through their parents: history in log order, first-parent
 * ancestors, ancestry and merge bases. Reads commits only as it needs them.
 *
 * <p>Thread-safe if its {@link CommitSource} is.
 */
public final class CommitGraph {

  /** Newest first; ids break ties so the order is the same on every run. */
  static final Comparator<LogEntry> LOG_ORDER =
      Comparator.comparing((LogEntry e) -> e.commit().timestamp()).reversed().thenComparing(LogEntry::id);

  /** How many single-parent commits {@link #range} follows before it reads the old head's whole history. */
  private static final int SINGLE_PARENT_LINE = 1000;

  private final CommitSource commits;
  private final Predicate<Hash> absent;

  /**
   * Creates a graph over a source of commits.
   *
   * @param commits where commits are read
   */
  public CommitGraph(CommitSource commits) {
    this(commits, id -> false);
  }

  /**
   * Creates a graph over a source of commits that lacks some on purpose (a shallow clone): every
   * walk ends where a parent is absent, so the log, ancestors and ancestry answer for the history
   * that is here, and {@link #mergeBases} throws {@link PartialRepositoryException} when the
   * history here holds no common ancestor but goes on beyond it. {@link #range} and
   * {@link #firstParentAncestor} still read every commit they pass.
   *
   * @param commits where commits are read
   * @param absent the parents not to follow
   */
  public CommitGraph(CommitSource commits, Predicate<Hash> absent) {
    this.commits = commits;
    this.absent = absent;
  }

  /**
   * Returns the history reachable from some commits, each commit once, newest first (by
   * timestamp, then id), read lazily: taking the first page reads little more than that page.
   *
   * @param heads where to start
   * @return a lazy, ordered stream of commits
   */
  public Stream<LogEntry> log(List<Hash> heads) {
    return walk(heads, id -> false);
  }

  /**
   * Returns the commits reachable from one commit and not from another, newest first, as
   * {@code git log since..head} does. A line of single-parent commits back to {@code since} is
   * read alone; otherwise the whole history of {@code since} is read first.
   *
   * @param head where the new history ends
   * @param since the old head, or null to list the whole history of {@code head}
   * @return the commits, in log order
   */
  public Stream<LogEntry> range(Hash head, @Nullable Hash since) {
    if (since == null) {
      return log(List.of(head));
    }
    List<LogEntry> line = new ArrayList<>();
    for (Hash id = head; !id.equals(since); ) {
      Commit commit = commits.read(id);
      line.add(new LogEntry(id, commit));
      if (commit.parents().size() != 1 || line.size() > SINGLE_PARENT_LINE) {
        Set<Hash> old = ancestors(List.of(since), Set.of());
        return walk(List.of(head), old::contains);
      }
      id = commit.parents().get(0);
    }
    line.sort(LOG_ORDER);
    return line.stream();
  }

  private Stream<LogEntry> walk(List<Hash> heads, Predicate<Hash> excluded) {
    Iterator<LogEntry> walk = new Iterator<>() {
      private final PriorityQueue<LogEntry> frontier = new PriorityQueue<>(LOG_ORDER);
      private final Set<Hash> queued = new HashSet<>();

      {
        heads.forEach(this::enqueue);
      }

      @Override
      public boolean hasNext() {
        return !frontier.isEmpty();
      }

      @Override
      public LogEntry next() {
        LogEntry next = frontier.poll();
        if (next == null) {
          throw new NoSuchElementException();
        }
        next.commit().parents().forEach(this::enqueue);
        return next;
      }

      private void enqueue(Hash id) {
        if (!excluded.test(id) && !absent.test(id) && queued.add(id)) {
          frontier.add(new LogEntry(id, commits.read(id)));
        }
      }
    };
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(walk, Spliterator.ORDERED | Spliterator.DISTINCT | Spliterator.NONNULL),
        false);
  }

  /**
   * Follows first parents.
   *
   * @param start the commit to start from
   * @param generations how many first parents to follow; 0 is {@code start} itself
   * @return the ancestor, or null if the first-parent line ends sooner
   * @throws IllegalArgumentException if {@code generations} is negative
   */
  public @Nullable Hash firstParentAncestor(Hash start, int generations) {
    if (generations < 0) {
      throw new IllegalArgumentException("generations must not be negative: " + generations);
    }
    @Nullable Hash current = start;
    for (int i = 0; i < generations && current != null; i++) {
      List<Hash> parents = commits.read(current).parents();
      current = parents.isEmpty() ? null : parents.get(0);
    }
    return current;
  }

  /**
   * Tells whether one commit is an ancestor of another (or the same commit).
   *
   * <p>Walks down from both commits at once, newest first, and ends where the two walks meet, so
   * the answer costs the commits between them and their common ancestors, not the whole history
   * below them: asking whether a new commit is an ancestor of an old one (a pull's fast-forward
   * check) or whether one side of a merge contains the other reads only what lies since they
   * parted. A commit not stored here is no ancestor.
   *
   * @param ancestor the possible ancestor
   * @param descendant where to search from
   * @return true if {@code ancestor} is reachable from {@code descendant} through parents
   */
  public boolean isAncestor(Hash ancestor, Hash descendant) {
    return TwoSidedWalk.isAncestor(commits, absent, ancestor, descendant);
  }

  /**
   * Finds the best common ancestors of two commits: common ancestors that are not ancestors of
   * another common ancestor. There is one in the usual case, none for unrelated histories, and
   * more than one after criss-cross merges.
   *
   * @param a one commit
   * @param b the other
   * @return the best common ancestors, sorted by id
   * @throws PartialRepositoryException if none is here and the history goes on beyond a shallow
   *     boundary, where the common ancestors would lie
   */
  public List<Hash> mergeBases(Hash a, Hash b) {
    TwoSidedWalk.Bases bases = TwoSidedWalk.commonAncestors(commits, absent, a, b);
    List<Hash> common = bases.found();
    if (common.isEmpty() && bases.truncated()) {
      throw new PartialRepositoryException(null, "the merge base of commits " + a.toShortHex() + " and "
          + b.toShortHex() + " lies beyond the shallow boundary of this repository: the history they share was "
          + "not fetched. Fetch with a greater depth or unshallow ('prolly fetch --unshallow'), then merge again");
    }
    List<Hash> best = new ArrayList<>();
    for (Hash candidate : common) {
      boolean belowAnother = false;
      for (Hash other : common) {
        if (!other.equals(candidate) && isAncestor(candidate, other)) {
          belowAnother = true;
          break;
        }
      }
      if (!belowAnother) {
        best.add(candidate);
      }
    }
    best.sort(Comparator.naturalOrder());
    return best;
  }

  /**
   * Finds what a receiver that holds some commits, with all their history, lacks of the history of
   * others: the commits {@code heads} reach and {@code receiverHeads} do not, as {@code git rev-list
   * heads --not receiverHeads}. The walk takes the newest commit first and ends once every commit
   * left is reachable from {@code receiverHeads} and older than every commit found, so it reads
   * the new commits and about as many of the receiver's, not the whole history. The answer is
   * never one commit short; it is exact unless a commit is older than a parent of its (a clock that
   * ran backwards), when it may also hold commits the receiver has.
   *
   * @param heads where the history to send ends
   * @param receiverHeads commits the receiver holds with all their history
   * @return the commits found and the receiver's commits the walk saw
   */
  public HistoryDifference difference(Collection<Hash> heads, Collection<Hash> receiverHeads) {
    return TwoSidedWalk.reach(commits, absent, heads, receiverHeads);
  }

  /**
   * Returns the commits reachable from some commits through parents without passing through
   * others: what a receiver that has {@code stop} (and all its history) lacks of {@code starts}.
   *
   * @param starts where to start
   * @param stop commits not to enter, nor anything only they reach
   * @return the commits found, in the order found (depth first, each once)
   */
  public Set<Hash> ancestors(Collection<Hash> starts, Set<Hash> stop) {
    Set<Hash> found = new LinkedHashSet<>();
    Deque<Hash> todo = new ArrayDeque<>(starts);
    while (!todo.isEmpty()) {
      Hash id = todo.pop();
      if (!stop.contains(id) && !absent.test(id) && found.add(id)) {
        todo.addAll(commits.read(id).parents());
      }
    }
    return found;
  }
}

package io.prolly.commit;

import io.prolly.error.CorruptNodeException;
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
  private static final Comparator<LogEntry> LOG_ORDER =
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
        Set<Hash> old = ancestors(since);
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
   * <p>Walks back from both commits at once, a commit from each in turn: the walk from
   * {@code descendant} ends when it finds {@code ancestor}, the one from {@code ancestor} when it
   * finds {@code descendant} (which then cannot be its descendant, histories having no cycles).
   * So asking whether a new commit is an ancestor of an old one, as a pull's fast-forward check
   * does, costs the commits between them, not the whole history below the old one.
   *
   * @param ancestor the possible ancestor
   * @param descendant where to search from
   * @return true if {@code ancestor} is reachable from {@code descendant} through parents
   */
  public boolean isAncestor(Hash ancestor, Hash descendant) {
    if (ancestor.equals(descendant)) {
      return true;
    }
    Walk down = new Walk(descendant);
    // Beyond a shallow boundary there is nothing to walk from.
    Walk up = absent.test(ancestor) ? null : new Walk(ancestor);
    while (!down.done()) {
      if (down.step(ancestor)) {
        return true;
      }
      if (up != null && !up.done()) {
        try {
          if (up.step(descendant)) {
            return false;
          }
        } catch (CorruptNodeException unreadable) {
          // Not a commit of this store: only a shortcut is lost, the walk from the descendant decides.
          up = null;
        }
      }
    }
    return false;
  }

  /** A breadth-first walk back through parents, one commit a step. */
  private final class Walk {
    private final Deque<Hash> todo = new ArrayDeque<>();
    private final Set<Hash> seen = new HashSet<>();

    Walk(Hash start) {
      todo.add(start);
      seen.add(start);
    }

    boolean done() {
      return todo.isEmpty();
    }

    /** Takes the next commit; true if one of its parents is {@code target}. */
    boolean step(Hash target) {
      for (Hash parent : commits.read(todo.poll()).parents()) {
        if (absent.test(parent)) {
          continue;
        }
        if (parent.equals(target)) {
          return true;
        }
        if (seen.add(parent)) {
          todo.add(parent);
        }
      }
      return false;
    }
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
    boolean[] truncatedA = new boolean[1];
    Set<Hash> ancestorsOfA = ancestors(a, truncatedA);
    boolean truncated = false;
    // Search from b breadth-first, stopping at common ancestors: what lies below them is common too.
    List<Hash> common = new ArrayList<>();
    Deque<Hash> todo = new ArrayDeque<>(List.of(b));
    Set<Hash> seen = new HashSet<>(todo);
    while (!todo.isEmpty()) {
      Hash id = todo.poll();
      if (ancestorsOfA.contains(id)) {
        common.add(id);
        continue;
      }
      for (Hash parent : commits.read(id).parents()) {
        if (absent.test(parent)) {
          truncated = true;
        } else if (seen.add(parent)) {
          todo.add(parent);
        }
      }
    }
    if (common.isEmpty() && (truncated || truncatedA[0])) {
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

  private Set<Hash> ancestors(Hash start) {
    return ancestors(start, new boolean[1]);
  }

  /** The ancestors of a commit and itself; {@code truncated[0]} tells whether an absent parent was passed. */
  private Set<Hash> ancestors(Hash start, boolean[] truncated) {
    Set<Hash> seen = new HashSet<>(List.of(start));
    Deque<Hash> todo = new ArrayDeque<>(seen);
    while (!todo.isEmpty()) {
      for (Hash parent : commits.read(todo.poll()).parents()) {
        if (absent.test(parent)) {
          truncated[0] = true;
        } else if (seen.add(parent)) {
          todo.add(parent);
        }
      }
    }
    return seen;
  }
}

package io.prolly;

import io.prolly.commit.Commit;
import io.prolly.commit.CommitSource;
import io.prolly.commit.RevisionResolver;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.tree.Change;
import io.prolly.tree.Entry;
import io.prolly.tree.KeyRange;
import io.prolly.tree.Tree;
import io.prolly.tree.TreeReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * {@link Repository#blame}: for each key of a namespace in a key range, the commit that last
 * changed it, found by walking back from the revision with the keys still open, the way git
 * blame passes lines to parents.
 *
 * <p>At each commit the open keys are compared with its parents in order: the keys a parent holds
 * with the same value are passed to that parent (the first such parent, as git does for a merge),
 * and the keys no parent holds so are blamed on the commit. Each key thus follows one line of
 * history, so the walk reads only the commits that line passes through, not the whole log, and
 * stops when no key is open. The comparison is cheap where history did not touch the keys: equal
 * namespace roots pass every open key unread, and otherwise a diff restricted to the open keys'
 * span skips every subtree both sides share. Commits are visited newest first, so that keys
 * reaching a commit along several lines are compared with its parents together; the order is for
 * speed only, since each key's line is fixed by the values alone.
 *
 * <p>Reads through one transaction: the answer is that of one consistent state. Not thread-safe;
 * one walk per call.
 */
final class BlameWalk {

  private static final Comparator<byte[]> KEY_ORDER = Arrays::compareUnsigned;

  /** How many namespaces an error about an unknown namespace names. */
  private static final int NAMESPACES_SHOWN = 10;

  /** A commit reached by the walk, with its tree of the namespace blamed. */
  private record Visit(Hash id, Commit commit, Tree tree) {}

  /** Newest first; ids break ties so that the walk is the same on every run. */
  private static final Comparator<Visit> NEWEST_FIRST =
      Comparator.comparing((Visit v) -> v.commit().timestamp()).reversed().thenComparing(Visit::id);

  private final TreeReader reader;
  private final CommitSource commits;
  private final Namespace namespace;
  private final Map<Hash, Visit> visits = new HashMap<>();

  private BlameWalk(TreeReader reader, CommitSource commits, Namespace namespace) {
    this.reader = reader;
    this.commits = commits;
    this.namespace = namespace;
  }

  /**
   * Blames the keys of a namespace in {@code [from, to)} at a revision.
   *
   * @throws IllegalArgumentException if {@code from} is after {@code to}, a bound is too long, or a
   *     namespace other than the root holds no key at the revision
   * @throws io.prolly.error.RevisionNotFoundException if the revision names no commit
   */
  static List<KeyBlame> blame(Repository repository, String revision, Namespace namespace, @Nullable String from,
      @Nullable String to) {
    KeyRange range = range(from, to);
    try (ReadTransaction tx = repository.nodeStore().beginRead()) {
      Hash start = new RevisionResolver(tx).resolve(revision);
      return new BlameWalk(repository.reader(tx), CommitSource.of(tx), namespace).run(revision, start, range);
    }
  }

  private static KeyRange range(@Nullable String from, @Nullable String to) {
    byte[] lower = from == null ? null : StoreKeys.encode(from);
    byte[] upper = to == null ? null : StoreKeys.encode(to);
    if (lower != null && upper != null && KEY_ORDER.compare(lower, upper) > 0) {
      throw new IllegalArgumentException("the key range starts at '" + from + "', after its end '" + to
          + "'; give the first key included, then the first key excluded");
    }
    return new KeyRange(lower, upper);
  }

  private List<KeyBlame> run(String revision, Hash start, KeyRange range) {
    Visit head = visit(start);
    requireNamespace(head, revision);
    NavigableSet<byte[]> keys = newKeySet();
    Iterator<Entry> entries = reader.iterator(head.tree(), range);
    while (entries.hasNext()) {
      keys.add(entries.next().key());
    }
    Map<byte[], Hash> blamed = new TreeMap<>(KEY_ORDER);
    Map<Hash, NavigableSet<byte[]>> open = new HashMap<>();
    PriorityQueue<Visit> queue = new PriorityQueue<>(NEWEST_FIRST);
    if (!keys.isEmpty()) {
      open.put(start, keys);
      queue.add(head);
    }
    while (!queue.isEmpty()) {
      Visit child = queue.poll();
      NavigableSet<byte[]> unresolved = open.remove(child.id());
      for (Hash parentId : child.commit().parents()) {
        if (unresolved.isEmpty()) {
          break;
        }
        Visit parent = visit(parentId);
        NavigableSet<byte[]> changed = changedAmong(parent.tree(), child.tree(), unresolved);
        unresolved.removeAll(changed);
        if (!unresolved.isEmpty()) {
          NavigableSet<byte[]> waiting = open.get(parentId);
          if (waiting == null) {
            open.put(parentId, unresolved);
            queue.add(parent);
          } else {
            waiting.addAll(unresolved);
          }
        }
        unresolved = changed;
      }
      for (byte[] key : unresolved) {
        blamed.put(key, child.id());
      }
    }
    return results(blamed);
  }

  /** The keys among {@code keys} whose value differs between two trees of the namespace. */
  private NavigableSet<byte[]> changedAmong(Tree before, Tree after, NavigableSet<byte[]> keys) {
    NavigableSet<byte[]> changed = newKeySet();
    if (before.root().equals(after.root())) {
      return changed;
    }
    // The smallest key after the last open key: the key with a zero byte appended.
    byte[] last = keys.last();
    KeyRange span = new KeyRange(keys.first(), Arrays.copyOf(last, last.length + 1));
    Iterator<Change> changes = reader.diff(before, after, span);
    while (changes.hasNext()) {
      byte[] key = changes.next().key();
      if (keys.contains(key)) {
        changed.add(key);
      }
    }
    return changed;
  }

  private Visit visit(Hash id) {
    Visit known = visits.get(id);
    if (known != null) {
      return known;
    }
    Commit commit = commits.read(id);
    Visit visit = new Visit(id, commit, NamespaceRegistry.namespace(reader, NamespaceRegistry.at(commit.root()),
        namespace));
    visits.put(id, visit);
    return visit;
  }

  /** Only namespaces that hold keys exist; the root namespace always does, empty or not. */
  private void requireNamespace(Visit head, String revision) {
    if (namespace.isRoot() || !head.tree().isEmpty()) {
      return;
    }
    List<String> known = new ArrayList<>();
    Iterator<Entry> registered = reader.iterator(NamespaceRegistry.at(head.commit().root()), KeyRange.all());
    while (registered.hasNext() && known.size() < NAMESPACES_SHOWN) {
      Namespace candidate = Namespace.fromRegistryKey(registered.next().key());
      if (!candidate.isRoot()) {
        known.add(candidate.path());
      }
    }
    throw new IllegalArgumentException("there is no " + namespace + " at " + revision + " ("
        + head.id().toShortHex() + "): no key of it is stored there; "
        + (known.isEmpty() ? "that revision has no namespace but the root (\"\")"
            : "its namespaces include " + known + ", and \"\" is the root namespace"));
  }

  private List<KeyBlame> results(Map<byte[], Hash> blamed) {
    Map<Hash, CommitInfo> infos = new HashMap<>();
    List<KeyBlame> results = new ArrayList<>(blamed.size());
    blamed.forEach((key, id) -> results.add(new KeyBlame(StoreKeys.decode(key),
        infos.computeIfAbsent(id, commit -> CommitInfo.of(commit, visits.get(commit).commit())))));
    return List.copyOf(results);
  }

  private static NavigableSet<byte[]> newKeySet() {
    return new TreeSet<>(KEY_ORDER);
  }
}

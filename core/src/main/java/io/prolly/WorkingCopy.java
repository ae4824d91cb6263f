package io.prolly;

import io.prolly.spi.support.Arguments;
import io.prolly.merge.MergeFn;
import io.prolly.merge.MergeResult;
import io.prolly.error.CorruptNodeException;
import io.prolly.error.MergeConflictException;
import io.prolly.error.RevisionNotFoundException;
import io.prolly.commit.Commit;
import io.prolly.commit.RevisionResolver;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.WriteTransaction;
import io.prolly.tree.Edits;
import io.prolly.tree.Tree;
import io.prolly.tree.TreeReader;
import io.prolly.tree.TreeWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The state every namespace view of one {@link Store} shares: the branch, the base commit, the
 * staged writes of every namespace, the merge functions and the author. Not thread-safe, like the
 * store.
 */
final class WorkingCopy<V> {

  private static final NavigableMap<byte[], byte @Nullable []> NOTHING_STAGED =
      Collections.unmodifiableNavigableMap(new TreeMap<>(Arrays::compareUnsigned));

  final Repository repository;
  final Codec<V> codec;
  /** The branch, or for a read-only snapshot the revision it shows. */
  final String branch;
  /** The branch's ref; null for a read-only snapshot. */
  private final @Nullable String ref;
  /** False for a live store, whose commits replace each other instead of forming a history. */
  private final boolean keepsHistory;

  private @Nullable Hash base;
  private Tree baseRegistry;
  private final Map<Namespace, Tree> baseTrees = new HashMap<>();
  private final SortedMap<String, NavigableMap<byte[], byte @Nullable []>> staged = new TreeMap<>();
  private final Map<Namespace, Map<String, MergeFn<V>>> mergeFns = new HashMap<>();
  private final Map<Namespace, MergeFn<V>> defaultMerges = new HashMap<>();
  private @Nullable MergeResult lastMerge;
  private String author;
  /** The attempt the commit running now is at, for its metrics. */
  private int currentAttempt;

  WorkingCopy(Repository repository, Codec<V> codec, String branch, @Nullable String ref, @Nullable Hash base,
      Tree baseRegistry, boolean keepsHistory) {
    this.repository = repository;
    this.keepsHistory = keepsHistory;
    this.codec = codec;
    this.branch = branch;
    this.ref = ref;
    this.author = repository.author();
    moveBase(base, baseRegistry);
  }

  /**
   * A working copy of a branch's head, for a {@link Store}. The head and its registry are read in
   * one transaction, so that no squash and collection can drop the head before its registry is read.
   *
   * @throws RevisionNotFoundException if the branch does not exist and other branches do
   */
  static <V> WorkingCopy<V> ofBranch(Repository repository, Codec<V> codec, String branch, String ref) {
    try (ReadTransaction tx = repository.nodeStore().beginRead()) {
      Hash head = NamedRefs.headOrFirst(tx, ref, branch, "Create it with createBranch(name, fromRevision)");
      return new WorkingCopy<>(repository, codec, branch, ref, head, NamespaceRegistry.ofCommit(tx, head), true);
    }
  }

  /**
   * A working copy of a live store, whose commits replace each other and whose writers racing on
   * one key settle by last writer wins unless a merge function is set.
   */
  static <V> WorkingCopy<V> ofLive(Repository repository, Codec<V> codec, String name, String ref) {
    WorkingCopy<V> copy;
    try (ReadTransaction tx = repository.nodeStore().beginRead()) {
      Hash head = tx.ref(ref);
      copy = new WorkingCopy<>(repository, codec, name, ref, head, NamespaceRegistry.ofCommit(tx, head), false);
    }
    copy.setDefaultMerge(Namespace.ROOT, MergeFn.ours());
    return copy;
  }

  /**
   * A read-only working copy of a revision, for a {@link Snapshot}.
   *
   * @throws RevisionNotFoundException if the revision names no commit
   */
  static <V> WorkingCopy<V> ofRevision(Repository repository, Codec<V> codec, String revision) {
    try (ReadTransaction tx = repository.nodeStore().beginRead()) {
      Hash id = new RevisionResolver(tx).resolve(revision);
      return new WorkingCopy<>(repository, codec, revision, null, id, NamespaceRegistry.ofCommit(tx, id), true);
    }
  }

  @Nullable Hash base() {
    return base;
  }

  private void moveBase(@Nullable Hash commit, Tree registry) {
    base = commit;
    baseRegistry = registry;
    baseTrees.clear();
  }

  Tree baseTree(Namespace namespace) {
    return baseTrees.computeIfAbsent(namespace,
        ns -> NamespaceRegistry.namespace(repository.reader(), baseRegistry, ns));
  }

  Tree baseRegistry() {
    return baseRegistry;
  }

  /** The staged writes of a namespace: key to value, or to null for a removal. */
  NavigableMap<byte[], byte @Nullable []> staged(Namespace namespace) {
    NavigableMap<byte[], byte @Nullable []> writes = staged.get(namespace.path());
    return writes == null ? NOTHING_STAGED : writes;
  }

  /** The namespaces with staged writes, in path order. */
  List<Namespace> stagedNamespaces() {
    return staged.keySet().stream().map(Namespace::new).toList();
  }

  void stage(Namespace namespace, byte[] key, byte @Nullable [] value) {
    staged.computeIfAbsent(namespace.path(), path -> new TreeMap<>(Arrays::compareUnsigned)).put(key, value);
  }

  boolean hasChanges() {
    return !staged.isEmpty();
  }

  void reset() {
    staged.clear();
  }

  /**
   * Moves the base to the branch's head. The head and its registry are read in one transaction,
   * so that no squash and collection can drop the commit between the two reads.
   */
  void refresh() {
    try (ReadTransaction tx = repository.nodeStore().beginRead()) {
      Hash head = tx.ref(Objects.requireNonNull(ref));
      if (head == null && base != null) {
        throw new RevisionNotFoundException(branch, "branch '" + branch + "' was deleted since this store read it; "
            + "create it again or open a store on another branch");
      }
      if (head == null || !head.equals(base)) {
        moveBase(head, NamespaceRegistry.ofCommit(tx, head));
      }
    }
  }

  @Nullable Hash currentCommit() {
    return ref == null ? base : repository.head(ref);
  }

  /**
   * Reads a key as the branch's head in {@code tx} holds it (staged writes left out), and asserts
   * that head in {@code tx}: the ref is set to itself, which its commit checks, so a transaction
   * that acts on what it read cannot commit once another writer changed the branch. Returns null,
   * asserting nothing, when the branch does not exist: a caller must not act on an absence.
   */
  @Nullable V readAsserting(WriteTransaction tx, Namespace namespace, String key) {
    String branchRef = Objects.requireNonNull(ref, "a snapshot has no branch to assert");
    Hash head = tx.ref(branchRef);
    if (head == null) {
      return null;
    }
    tx.setRef(branchRef, head, head);
    TreeReader reader = repository.reader(tx);
    Tree tree = NamespaceRegistry.namespace(reader, NamespaceRegistry.ofCommit(tx, head), namespace);
    return decode(reader.get(tree, StoreKeys.encode(key)));
  }

  @Nullable MergeResult lastMerge() {
    return lastMerge;
  }

  void setAuthor(String author) {
    Commit.checkAuthor(author);
    this.author = author;
  }

  void setMergeFn(Namespace namespace, String key, MergeFn<V> mergeFn) {
    StoreKeys.encode(key);
    if (mergeFn == null) {
      throw new IllegalArgumentException("mergeFn for key '" + key + "' is null");
    }
    mergeFns.computeIfAbsent(namespace, ns -> new HashMap<>()).put(key, mergeFn);
  }

  void setDefaultMerge(Namespace namespace, MergeFn<V> mergeFn) {
    if (mergeFn == null) {
      throw new IllegalArgumentException("mergeFn is null; pass a default merge function such as MergeFn.ours()");
    }
    defaultMerges.put(namespace, mergeFn);
  }

  /** The function that merges a key: its own, else the default of its namespace or the nearest above. */
  @Nullable MergeFn<V> mergeFnFor(Namespace namespace, String key) {
    MergeFn<V> own = mergeFns.getOrDefault(namespace, Map.of()).get(key);
    if (own != null) {
      return own;
    }
    for (Namespace ns = namespace; ; ns = ns.parent()) {
      MergeFn<V> fallback = defaultMerges.get(ns);
      if (fallback != null || ns.isRoot()) {
        return fallback;
      }
    }
  }

  /** Commits everything staged, merging with the branch if it moved, retrying lost races. */
  CommitResult commit(String message, Map<String, String> metadata) {
    return commit(message, metadata, tx -> { });
  }

  /**
   * Commits everything staged and, in the same transaction, what {@code alongside} writes (other
   * refs that must move with the commit, all or nothing). It runs on every attempt, before the
   * branch's ref is set in the transaction, so it reads what it moves through the transaction it
   * is given and sees the refs as they were; what it throws fails the commit.
   */
  CommitResult commit(String message, Map<String, String> metadata, Consumer<WriteTransaction> alongside) {
    Arguments.notNull(message, "message");
    Arguments.notNull(metadata, "metadata");
    if (!hasChanges()) {
      throw new IllegalStateException("nothing to commit on branch '" + branch
          + "': no writes are staged; check hasChanges() before committing");
    }
    SortedMap<String, String> checkedMetadata = new TreeMap<>(metadata);
    long start = System.nanoTime();
    CommitEvent event = new CommitEvent();
    event.begin();
    currentAttempt = 0;
    Committed committed;
    try {
      String branchRef = Objects.requireNonNull(ref);
      committed = CasRetry.run("commit to branch '" + branch + "'", number -> {
        currentAttempt = number;
        return repository.commitTurns().attempt(branchRef, number,
            () -> tryCommit(message, checkedMetadata, number, alongside));
      });
    } catch (RuntimeException failed) {
      report(event, failed instanceof MergeConflictException ? RepositoryMetrics.Outcome.CONFLICT
          : RepositoryMetrics.Outcome.FAILED, 0, 0, start);
      throw failed;
    }
    report(event, committed.result().merged() ? RepositoryMetrics.Outcome.MERGED : RepositoryMetrics.Outcome.COMMITTED,
        committed.nodesWritten(), committed.bytesWritten(), start);
    staged.clear();
    lastMerge = committed.result().merge();
    // Not read back: a squash and a collection may already have replaced the commit node; its trees stay
    // while the squashed head keeps them.
    moveBase(committed.result().id(), committed.registry());
    return committed.result();
  }

  /**
   * Reads from the base commit, which another writer may have dropped (squashed its history or
   * reset the branch) and a collection deleted since this store read it: then the staged writes
   * cannot be merged three ways, and the caller is told how to go on instead of being told the
   * store is damaged.
   */
  private <T> T fromBase(WriteTransaction tx, Supplier<T> read) {
    try {
      return read.get();
    } catch (CorruptNodeException missing) {
      Hash commit = base;
      if (commit == null || tx.contains(commit)) {
        throw missing;
      }
      RevisionNotFoundException dropped = new RevisionNotFoundException(commit.toHex(), "commit " + commit.toShortHex()
          + ", which this store of branch '" + branch + "' is based on, was dropped from the branch's history (by a "
          + "squash or a reset) and collected, so the writes staged since cannot be merged with what the branch "
          + "holds now; nothing was written. Call refresh() to base them on the branch's head (they stay staged) "
          + "and commit again");
      dropped.addSuppressed(missing);
      throw dropped;
    }
  }

  private void report(CommitEvent event, RepositoryMetrics.Outcome outcome, long nodesWritten, long bytesWritten,
      long start) {
    repository.metrics().commit(outcome, Math.max(1, currentAttempt), System.nanoTime() - start);
    if (event.shouldCommit()) {
      event.branch = branch;
      event.outcome = outcome.name().toLowerCase(Locale.ROOT);
      event.attempts = Math.max(1, currentAttempt);
      event.nodesWritten = nodesWritten;
      event.bytesWritten = bytesWritten;
      event.commit();
    }
  }

  /** A commit's result, the registry it recorded and what its transaction wrote. */
  private record Committed(CommitResult result, Tree registry, long nodesWritten, long bytesWritten) {}

  private Committed tryCommit(String message, SortedMap<String, String> metadata, int attempt,
      Consumer<WriteTransaction> alongside) {
    String branchRef = Objects.requireNonNull(ref);
    try (SweepGuardedWrite tx = repository.beginWrite()) {
      @Nullable Hash head = tx.ref(branchRef);
      if (head == null && base != null) {
        throw new RevisionNotFoundException(branch, "branch '" + branch + "' was deleted since this store read it; "
            + "nothing was written. Create the branch again, or reset() and open a store on another branch");
      }
      boolean moved = !Objects.equals(head, base);
      TreeReader reader = repository.reader(tx);
      TreeWriter writer = repository.writer(tx);
      Tree headRegistry = NamespaceRegistry.ofCommit(tx, head);
      Edits registryEdits = new Edits();
      List<String> resolved = new ArrayList<>();
      List<String> unresolved = new ArrayList<>();
      Map<String, Throwable> errors = new LinkedHashMap<>();
      for (Map.Entry<String, NavigableMap<byte[], byte @Nullable []>> writes : staged.entrySet()) {
        Namespace namespace = new Namespace(writes.getKey());
        Tree headTree = NamespaceRegistry.namespace(reader, headRegistry, namespace);
        Tree baseTree = moved ? fromBase(tx, () -> baseTree(namespace)) : headTree;
        boolean namespaceMoved = !baseTree.equals(headTree);
        Edits edits = new Edits();
        for (Map.Entry<byte[], byte @Nullable []> write : writes.getValue().entrySet()) {
          byte[] key = write.getKey();
          byte @Nullable [] ours = write.getValue();
          if (namespaceMoved) {
            byte @Nullable [] before = fromBase(tx, () -> reader.get(baseTree, key));
            byte @Nullable [] theirs = reader.get(headTree, key);
            if (!Arrays.equals(before, theirs)) {
              if (Arrays.equals(ours, before) && keepsHistory) {
                continue; // only they changed the key; a live store's write is always news, though
              }
              String qualified = namespace.qualify(StoreKeys.decode(key));
              MergeFn<V> mergeFn = mergeFnFor(namespace, StoreKeys.decode(key));
              if (mergeFn != null) {
                // Called even when both sides wrote the same value: two increments of a counter are two.
                try {
                  ours = TypedValues.merge(codec, mergeFn, before, ours, theirs);
                  resolved.add(qualified);
                } catch (RuntimeException failure) {
                  unresolved.add(qualified);
                  errors.put(qualified, failure);
                  continue;
                }
              } else if (!Arrays.equals(ours, theirs)) {
                unresolved.add(qualified);
                continue;
              }
            }
          }
          if (ours == null) {
            edits.delete(key);
          } else {
            edits.put(key, ours);
          }
        }
        NamespaceRegistry.record(registryEdits, namespace, writer.apply(headTree, edits));
      }
      if (!unresolved.isEmpty()) {
        throw new MergeConflictException("commit to branch '" + branch + "'", unresolved, errors);
      }
      Tree registry = writer.apply(headRegistry, registryEdits);
      Commit commit = new Commit(registry.root(), head == null || !keepsHistory ? List.of() : List.of(head), author, message,
          Instant.now(), metadata);
      Hash id = repository.writeCommit(tx, commit);
      alongside.accept(tx);
      tx.setRef(branchRef, head, id);
      tx.commit();
      MergeResult merge = moved
          ? new MergeResult(id, base, Objects.requireNonNull(head), MergeResult.Kind.MERGED, resolved)
          : null;
      return new Committed(new CommitResult(id, head, attempt, merge), registry, tx.nodesWritten(), tx.bytesWritten());
    }
  }

  @Nullable V decode(byte @Nullable [] bytes) {
    return TypedValues.decode(codec, bytes);
  }

  byte[] encode(V value) {
    return TypedValues.encode(codec, value);
  }
}

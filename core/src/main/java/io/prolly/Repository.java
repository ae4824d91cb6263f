package io.prolly;

import io.prolly.spi.support.Arguments;
import io.prolly.merge.MergeFn;
import io.prolly.merge.MergePreview;
import io.prolly.merge.MergeResult;
import io.prolly.error.ConcurrencyException;
import io.prolly.error.MergeConflictException;
import io.prolly.error.RevisionNotFoundException;
import io.prolly.error.StoreClosedException;
import io.prolly.commit.Commit;
import io.prolly.commit.CommitGraph;
import io.prolly.commit.CommitCache;
import io.prolly.commit.CommitSource;
import io.prolly.commit.RefNames;
import io.prolly.commit.RevisionResolver;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.WriteTransaction;
import io.prolly.merge.ConflictResolver;
import io.prolly.merge.Resolution;
import io.prolly.tree.Tree;
import io.prolly.tree.NodeCache;
import io.prolly.tree.TreeReader;
import io.prolly.tree.TreeWriter;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A versioned key-value repository: branches and tags pointing at commits, each commit recording
 * every namespace's tree. Open one with {@link Prolly}; read and write through {@link Store}s;
 * branch, merge, diff and travel in time here.
 *
 * <p>Revisions are written as in git: a branch ({@code main}), a tag ({@code v1.0}), a commit id
 * or a unique prefix of at least four hex digits, followed by {@code ~n} (n-th first parent) or
 * {@code ^n} (n-th parent), as in {@code main~3} or {@code main^2}.
 *
 * <p>Thread-safe: any number of threads may use one repository. Every change of a branch or tag is
 * a compare-and-set of its ref in one store transaction, so concurrent writers never lose each
 * other's commits; a failed operation writes nothing. {@link #close()} closes the storage; using
 * the repository or its stores afterwards throws {@link StoreClosedException}.
 */
public final class Repository implements AutoCloseable {

  private static final String LIVE = "live/";

  /** How many changes {@link #previewMerge(String, String)} lists. */
  private static final int PREVIEWED_CHANGES = 1000;


  private final NodeStore store;
  // The store as the backend gives it, unchecked: verification checks every node itself and
  // reports damage as problems rather than failing on the first.
  private final NodeStore backend;
  private final NodeCache cache;
  private final CommitCache commits = new CommitCache(CommitCache.DEFAULT_BYTES);
  private final CacheEvents cacheEvents;
  // The backend with the metrics installed, beneath the verifying wrapper.
  private final MeteredNodeStore metered;
  private final DetachedReads reads;
  private final String author;
  private final ReadWriteLock sweepLock = new ReentrantReadWriteLock();
  private final Watchers watchers;
  private final Validators validators = new Validators();
  private final CommitTurns commitTurns = new CommitTurns();
  private final RepositoryMaintenance maintenance = new RepositoryMaintenance(this);
  private final RepositoryTransfer transfer = new RepositoryTransfer(this);
  private final RepositorySigning signing = new RepositorySigning(this);
  private final NamedRefs refs = new NamedRefs(this);
  private final RevisionDiff diffs = new RevisionDiff(this);
  private volatile ProgressListener progressListener = ProgressListener.NONE;

  /**
   * Opens a repository over a store.
   *
   * @param cacheBytes the most its node cache holds ({@link Prolly#NODE_CACHE_SIZE})
   */
  Repository(NodeStore store, String author, boolean verifyNodes, long cacheBytes) {
    MeteredNodeStore metered = new MeteredNodeStore(store);
    this.metered = metered;
    this.backend = metered;
    this.store = new PartialNodeStore(verifyNodes ? new VerifyingNodeStore(metered) : metered);
    this.cacheEvents = new CacheEvents(metered);
    this.cache = NodeCache.create(cacheBytes, false, cacheEvents);
    this.reads = new DetachedReads(this.store);
    this.watchers = new Watchers(this.store);
    this.author = Commit.checkAuthor(author);
  }

  /**
   * Returns a working copy of a branch, typed by a codec. If the repository has no branch at all,
   * the branch is created by the store's first commit.
   *
   * @param branch the branch, such as {@code main}
   * @param codec turns values into bytes and back
   * @param <V> the type of the values
   * @return a new store with nothing staged, based on the branch's head
   * @throws IllegalArgumentException if the branch name is invalid or the codec is null
   * @throws RevisionNotFoundException if the branch does not exist and other branches do; the
   *     message lists them
   */
  public <V> Store<V> store(String branch, Codec<V> codec) {
    String ref = RefNames.branchRef(branch);
    TypedValues.requireCodec(codec);
    return new StagedStore<>(WorkingCopy.ofBranch(this, codec, branch, ref), Namespace.ROOT);
  }

  /**
   * Replaces the content of a namespace of a branch with entries read from a stream, in one
   * commit, with memory bounded whatever their number: the tree is built in one pass as the
   * entries arrive, and its nodes are written in transactions of about 8 MiB, so an import of
   * millions of entries needs no more heap than one of a thousand. Other namespaces keep what the
   * branch holds when the import commits; if the branch moved meanwhile, the commit builds on its
   * new head (the import replaces the namespace there too). The branch is created if the
   * repository has no branch yet.
   *
   * <p>The keys must come in strictly increasing code point order, the order of
   * {@link Store#keys()}; sort the input and drop repeated keys first. A failed import (bad input,
   * an exception from the iterator, a lost race) changes no ref; the nodes it wrote before it
   * failed are garbage that the next {@link Maintenance#gc() collection} deletes. If another
   * process collects garbage during the import, the import fails with {@link ConcurrencyException}
   * and can be run again. Staged writes of {@link Store}s are not affected: a store based on the
   * old head merges with the import when it commits. Thread-safe.
   *
   * @param branch the branch, such as {@code main}
   * @param namespace the namespace path, {@code ""} for the root namespace
   * @param codec turns values into bytes
   * @param entries the entries, in strictly increasing key order; consumed
   * @param message the commit message
   * @param <V> the type of the values
   * @return the commit
   * @throws IllegalArgumentException if an argument is null or malformed, an entry or its value
   *     is null, a key is too long, or the keys are not strictly increasing
   * @throws RevisionNotFoundException if the branch does not exist and other branches do, or it
   *     was deleted during the import
   * @throws ConcurrencyException if another process collected garbage during the import
   */
  public <V> CommitResult importSorted(String branch, String namespace, Codec<V> codec,
      Iterator<? extends Map.Entry<String, ? extends V>> entries, String message) {
    RefNames.branchRef(branch);
    TypedValues.requireCodec(codec);
    return importSorted(branch, namespace, codec, entries, message, BatchedWrites.BATCH_BYTES);
  }

  /** {@link #importSorted} with batches of a given size; for tests. */
  <V> CommitResult importSorted(String branch, String namespace, Codec<V> codec,
      Iterator<? extends Map.Entry<String, ? extends V>> entries, String message, long batchBytes) {
    return new SortedImport<>(this, branch, Namespace.ofPath(namespace), codec, batchBytes).run(entries, message);
  }

  /**
   * Returns a store without history: every write is applied and made durable at once, like a
   * plain key-value store, and reads always see the latest writes of everyone. Writers racing on
   * one key settle by last writer wins ({@link MergeFn#ours()}: the writer committing now) unless
   * a merge function is set for it. Live stores live beside branches under their own
   * names and never appear in {@link #branches()} or {@link #log}.
   *
   * @param name the live store's name, with the rules of a branch name
   * @param codec turns values into bytes and back
   * @param <V> the type of the values
   * @return the live store
   * @throws IllegalArgumentException if the name is invalid or the codec is null
   */
  public <V> LiveStore<V> live(String name, Codec<V> codec) {
    String ref = LIVE + RefNames.check("live store", name);
    TypedValues.requireCodec(codec);
    return new LiveView<>(WorkingCopy.ofLive(this, codec, name, ref), Namespace.ROOT);
  }

  /**
   * Returns a read-only view of a revision: time travel. Reading an old revision costs what
   * reading the newest does.
   *
   * @param revision the revision
   * @param codec turns values into bytes and back
   * @param <V> the type of the values
   * @return the snapshot, safe to share between threads
   * @throws RevisionNotFoundException if the revision names no commit
   */
  public <V> Snapshot<V> snapshot(String revision, Codec<V> codec) {
    TypedValues.requireCodec(codec);
    return new SnapshotView<>(WorkingCopy.ofRevision(this, codec, revision), Namespace.ROOT);
  }

  /**
   * Resolves a revision to a commit id.
   *
   * @param revision the revision
   * @return the commit id
   * @throws IllegalArgumentException if the revision is null, empty or malformed
   * @throws RevisionNotFoundException if it names no commit or is an ambiguous prefix; the
   *     message lists the candidates
   */
  public Hash resolve(String revision) {
    try (ReadTransaction tx = store.beginRead()) {
      return new RevisionResolver(tx).resolve(revision);
    }
  }

  /**
   * Creates a branch pointing at a revision. Costs one ref write, whatever the size of the data.
   *
   * @param name the new branch; not starting with {@code remotes/} or {@code fetched/}, where
   *     fetches record other repositories' branches ({@link RefNames#checkNew})
   * @param fromRevision where it starts
   * @return the commit the branch points to
   * @throws IllegalArgumentException if the name is invalid or the branch exists
   * @throws RevisionNotFoundException if the revision names no commit
   */
  public Hash createBranch(String name, String fromRevision) {
    String ref = RefNames.BRANCHES + RefNames.checkNew("branch", name);
    Arguments.notNull(fromRevision, "fromRevision");
    return refs.create(ref, "branch '" + name + "'", fromRevision);
  }

  /**
   * Deletes a branch. Its commits stay reachable from other branches and tags that contain them.
   *
   * @param name the branch
   * @return the commit it pointed to
   * @throws IllegalArgumentException if the name is invalid
   * @throws RevisionNotFoundException if there is no such branch
   */
  public Hash deleteBranch(String name) {
    return refs.delete(RefNames.branchRef(name), "branch", name);
  }

  /**
   * Returns the branches.
   *
   * @return branch name to head commit, sorted by name, unmodifiable
   */
  public SortedMap<String, Hash> branches() {
    return NamedRefs.list(reads, RefNames.BRANCHES);
  }

  /**
   * Creates a tag: a name for a commit that never moves.
   *
   * @param name the tag, such as {@code v1.0}; not starting with {@code remotes/} or
   *     {@code fetched/} ({@link RefNames#checkNew})
   * @param revision the commit it names
   * @return the tagged commit
   * @throws IllegalArgumentException if the name is invalid or the tag exists
   * @throws RevisionNotFoundException if the revision names no commit
   */
  public Hash createTag(String name, String revision) {
    return refs.create(RefNames.TAGS + RefNames.checkNew("tag", name), "tag '" + name + "'", revision);
  }

  /**
   * Deletes a tag.
   *
   * @param name the tag
   * @return the commit it named
   * @throws IllegalArgumentException if the name is invalid
   * @throws RevisionNotFoundException if there is no such tag
   */
  public Hash deleteTag(String name) {
    return refs.delete(RefNames.tagRef(name), "tag", name);
  }

  /**
   * Returns the tags.
   *
   * @return tag name to commit, sorted by name, unmodifiable
   */
  public SortedMap<String, Hash> tags() {
    return NamedRefs.list(reads, RefNames.TAGS);
  }

  /**
   * Returns the history of a revision, newest first: the commit and all its ancestors, read
   * lazily as the stream is consumed ({@code skip} and {@code limit} page through it). On a
   * shallow clone the history ends at the shallow boundary ({@link #partialState()} tells which
   * commits lie there).
   *
   * @param revision the revision
   * @return the commits
   * @throws RevisionNotFoundException if the revision names no commit
   */
  public Stream<CommitInfo> log(String revision) {
    Hash start = resolve(revision);
    Set<Hash> absent = PartialRefs.absentParentIds(reads);
    return new CommitGraph(CommitSource.of(reads), absent::contains).log(List.of(start))
        .map(entry -> CommitInfo.of(entry.id(), entry.commit()));
  }

  /**
   * Tells what a partial clone lacks: the shallow boundary of a clone or fetch by depth, and the
   * namespaces of a clone of selected namespaces. {@link #log} stops at the boundary; an operation
   * that needs what is missing throws {@link io.prolly.error.PartialRepositoryException}.
   *
   * @return the state, {@link PartialState#COMPLETE} for a repository with all its history
   * @throws io.prolly.error.StoreClosedException if the repository was closed
   */
  public PartialState partialState() {
    return PartialRefs.read(reads);
  }

  /**
   * Describes one commit.
   *
   * @param revision the revision
   * @return the commit
   * @throws RevisionNotFoundException if the revision names no commit
   */
  public CommitInfo commitInfo(String revision) {
    Hash id = resolve(revision);
    return CommitInfo.of(id, CommitSource.of(reads).read(id));
  }

  /**
   * Points a branch at another commit, like {@code git reset --hard}: commits only the old head
   * reached are no longer on the branch.
   *
   * @param branch the branch
   * @param revision where it should point
   * @return the commit it pointed to before
   * @throws RevisionNotFoundException if the branch or the revision does not exist
   */
  public Hash reset(String branch, String revision) {
    return refs.reset(branch, revision);
  }

  /**
   * Merges a revision into a branch, refusing conflicts: see
   * {@link #merge(String, String, ConflictResolver)} with {@link ConflictResolver#fail()}.
   *
   * @param source what to merge, such as {@code feature}
   * @param into the branch that receives it
   * @return what the merge did
   * @throws MergeConflictException if a key changed differently on both sides; nothing is written
   * @throws RevisionNotFoundException if the source or the branch does not exist
   */
  public MergeResult merge(String source, String into) {
    return merge(source, into, ConflictResolver.fail());
  }

  /**
   * Merges a revision into a branch with a merge function on decoded values for every key both
   * sides changed, in every namespace; it is called even when both wrote the same value, so that
   * a {@link MergeFn#counter()} counts both increments.
   *
   * @param source what to merge
   * @param into the branch that receives it
   * @param codec decodes the values the merge function sees
   * @param mergeFn merges one conflicting key; "ours" is the branch merged into
   * @param <V> the type of the values
   * @return what the merge did
   * @throws MergeConflictException if the function throws for a key; nothing is written
   * @throws RevisionNotFoundException if the source or the branch does not exist
   */
  public <V> MergeResult merge(String source, String into, Codec<V> codec, MergeFn<V> mergeFn) {
    TypedValues.requireCodec(codec);
    Arguments.notNull(mergeFn, "mergeFn");
    return merge(source, into, TypedValues.resolver(codec, mergeFn));
  }

  /**
   * Merges a revision into a branch. If the branch already contains the source nothing happens;
   * if the branch is an ancestor of the source it fast-forwards; otherwise each namespace is
   * merged three-way against the merge base (found breadth-first over parents; after criss-cross
   * merges, the several best common ancestors merged into one virtual base, as git's recursive
   * strategy does, deterministically), and a merge commit with parents (branch, source) is made. A namespace only one side changed is taken
   * from that side without looking inside it.
   *
   * @param source what to merge
   * @param into the branch that receives it
   * @param resolver decides keys both sides changed differently; returning
   *     {@link Resolution#unresolved()} or throwing leaves the key a conflict
   * @return what the merge did
   * @throws MergeConflictException if any key stays unresolved; nothing is written
   * @throws RevisionNotFoundException if the source or the branch does not exist
   * @throws ConcurrencyException if the branch kept moving through every retry
   */
  public MergeResult merge(String source, String into, ConflictResolver resolver) {
    Arguments.notNull(source, "source");
    Arguments.notNull(into, "into");
    String ref = RefNames.branchRef(into);
    Arguments.notNull(resolver, "resolver");
    return BranchMerge.run(this, source, into, ref, resolver);
  }

  /**
   * Previews a merge that refuses conflicts: see {@link #previewMerge(String, String, ConflictResolver, int)}
   * with {@link ConflictResolver#fail()}, listing up to 1000 changes.
   *
   * @param source what would be merged
   * @param into the branch that would receive it
   * @return what the merge would do
   * @throws RevisionNotFoundException if the source or the branch does not exist
   */
  public MergePreview previewMerge(String source, String into) {
    return previewMerge(source, into, ConflictResolver.fail(), PREVIEWED_CHANGES);
  }

  /**
   * Previews a merge with a resolver: see {@link #previewMerge(String, String, ConflictResolver, int)},
   * listing up to 1000 changes.
   *
   * @param source what would be merged
   * @param into the branch that would receive it
   * @param resolver decides keys both sides changed differently, as it would in the merge
   * @return what the merge would do
   * @throws RevisionNotFoundException if the source or the branch does not exist
   */
  public MergePreview previewMerge(String source, String into, ConflictResolver resolver) {
    return previewMerge(source, into, resolver, PREVIEWED_CHANGES);
  }

  /**
   * Works out what {@link #merge(String, String, ConflictResolver)} would do now, writing nothing:
   * the outcome (up to date, fast-forward, a merge commit, or conflicts), the changes the branch
   * would see from its head, and every key that would stay unresolved with its base, our and
   * their values. It is the merge's own work — merge base, namespace and key merges, the
   * resolver's decisions — over one read transaction, with the trees the merge would write kept
   * in memory; so it holds no writer lock, never blocks or is blocked by committers, and costs
   * what the merge costs: in proportion to the changes, not to the data. A merge made afterwards
   * does the same unless one of the branches moved meanwhile.
   *
   * <p>It is a method of its own rather than a {@code dryRun} flag of {@code merge}, because its
   * answer is another type: a merge returns what it did and throws on conflicts, a preview
   * returns the conflicts as data and what would change.
   *
   * <p>The resolver is called as the merge would call it, so it should be a pure function.
   *
   * @param source what would be merged
   * @param into the branch that would receive it
   * @param resolver decides keys both sides changed differently, as it would in the merge
   * @param maxChanges how many changes to list; all are counted ({@link MergePreview#changeCount()})
   * @return what the merge would do
   * @throws IllegalArgumentException if {@code maxChanges} is negative, or a name is invalid
   * @throws RevisionNotFoundException if the source or the branch does not exist
   */
  public MergePreview previewMerge(String source, String into, ConflictResolver resolver, int maxChanges) {
    Arguments.notNull(source, "source");
    Arguments.notNull(into, "into");
    String ref = RefNames.branchRef(into);
    Arguments.notNull(resolver, "resolver");
    Arguments.check(maxChanges >= 0, "maxChanges must be 0 or more, got %d", maxChanges);
    return new BranchMerge(this, source, into, ref, resolver).preview(maxChanges);
  }

  /**
   * Reverts one commit on a branch, refusing conflicts: see
   * {@link #revert(String, String, ConflictResolver)} with {@link ConflictResolver#fail()}.
   *
   * @param branch the branch that receives the revert commit
   * @param revision the commit whose changes to undo
   * @return what the revert did
   * @throws MergeConflictException if the branch changed a key the commit changed, differently;
   *     nothing is written
   * @throws IllegalArgumentException if the commit is a merge, or a name is invalid
   * @throws RevisionNotFoundException if the branch or the revision does not exist
   * @throws ConcurrencyException if the branch kept moving through every retry
   */
  public MergeResult revert(String branch, String revision) {
    return revert(branch, revision, ConflictResolver.fail());
  }

  /**
   * Reverts one commit on a branch, like {@code git revert}: makes a new commit on the branch's
   * head that undoes what the commit changed against its parent, and nothing else. It is a
   * three-way merge, per namespace as in {@link #merge(String, String, ConflictResolver)}, whose
   * base is the commit, ours the branch's head and theirs the commit's parent (the empty state for
   * a first commit); so a key the branch changed again since, differently, is a conflict for the
   * resolver. The commit, with the head as its only parent, is by this repository's
   * {@link #author()}, says {@code Revert '<first line of the message>'} and {@code This reverts
   * commit <id>.}, and has the metadata entry {@code reverts} = the reverted commit's id. Reverting
   * the revert restores the changes. The commit need not be on the branch.
   *
   * <p>Atomic and safe beside other writers: the commit is written and the branch moved in one
   * transaction, by compare-and-set, retried if the branch moved meanwhile.
   *
   * @param branch the branch that receives the revert commit
   * @param revision the commit whose changes to undo; a merge commit is refused
   * @param resolver decides keys the branch and the revert change differently (ours is the
   *     branch, theirs the value before the commit); {@link Resolution#unresolved()} or throwing
   *     leaves the key a conflict
   * @return {@link MergeResult.Kind#MERGED} with the new commit, or {@link MergeResult.Kind#UP_TO_DATE}
   *     with the unchanged head when the branch already holds none of the commit's changes (nothing
   *     is written); {@code base} and {@code theirs} are the reverted commit
   * @throws MergeConflictException if any key stays unresolved; nothing is written
   * @throws IllegalArgumentException if the commit is a merge (more than one parent), or a name is
   *     invalid
   * @throws RevisionNotFoundException if the branch or the revision does not exist
   * @throws ConcurrencyException if the branch kept moving through every retry
   */
  public MergeResult revert(String branch, String revision, ConflictResolver resolver) {
    Arguments.notNull(branch, "branch");
    Arguments.notNull(revision, "revision");
    Arguments.notNull(resolver, "resolver");
    return CommitReplay.revert(this, branch, revision, resolver);
  }

  /**
   * Applies one commit's changes to a branch, refusing conflicts: see
   * {@link #cherryPick(String, String, ConflictResolver)} with {@link ConflictResolver#fail()}.
   *
   * @param branch the branch that receives the commit's changes
   * @param revision the commit to pick
   * @return what the cherry-pick did
   * @throws MergeConflictException if the branch changed a key the commit changed, differently;
   *     nothing is written
   * @throws IllegalArgumentException if the commit is a merge, or a name is invalid
   * @throws RevisionNotFoundException if the branch or the revision does not exist
   * @throws ConcurrencyException if the branch kept moving through every retry
   */
  public MergeResult cherryPick(String branch, String revision) {
    return cherryPick(branch, revision, ConflictResolver.fail());
  }

  /**
   * Applies one commit's changes to a branch, like {@code git cherry-pick}: makes a new commit on
   * the branch's head with what the commit changed against its parent, and nothing else. It is a
   * three-way merge, per namespace as in {@link #merge(String, String, ConflictResolver)}, whose
   * base is the commit's parent (the empty state for a first commit), ours the branch's head and
   * theirs the commit; so a key the branch changed differently is a conflict for the resolver.
   * The new commit, with the head as its only parent, carries the picked commit's message, author
   * and metadata, and the metadata entry {@code cherry-picked-from} = the picked commit's id.
   *
   * <p>Atomic and safe beside other writers: the commit is written and the branch moved in one
   * transaction, by compare-and-set, retried if the branch moved meanwhile.
   *
   * @param branch the branch that receives the commit's changes
   * @param revision the commit to pick; a merge commit is refused
   * @param resolver decides keys the branch and the commit changed differently (ours is the
   *     branch, theirs the commit); {@link Resolution#unresolved()} or throwing leaves the key a
   *     conflict
   * @return {@link MergeResult.Kind#MERGED} with the new commit, or {@link MergeResult.Kind#UP_TO_DATE}
   *     with the unchanged head when the branch already holds the commit's changes (nothing is
   *     written); {@code base} is the picked commit's parent (null for a first commit) and
   *     {@code theirs} the picked commit
   * @throws MergeConflictException if any key stays unresolved; nothing is written
   * @throws IllegalArgumentException if the commit is a merge (more than one parent), or a name is
   *     invalid
   * @throws RevisionNotFoundException if the branch or the revision does not exist
   * @throws ConcurrencyException if the branch kept moving through every retry
   */
  public MergeResult cherryPick(String branch, String revision, ConflictResolver resolver) {
    Arguments.notNull(branch, "branch");
    Arguments.notNull(revision, "revision");
    Arguments.notNull(resolver, "resolver");
    return CommitReplay.cherryPick(this, branch, revision, resolver);
  }

  /**
   * Lists what changed between two revisions in every namespace, raw bytes.
   *
   * @param from the older revision
   * @param to the newer revision
   * @return the changes, by namespace path then key, read lazily; only namespaces that differ are
   *     read, and inside them only subtrees that differ
   * @throws RevisionNotFoundException if a revision names no commit
   */
  public Stream<KeyChange<byte[]>> diff(String from, String to) {
    return diff(from, to, Codecs.bytes());
  }

  /**
   * Lists what changed between two revisions in every namespace, decoded.
   *
   * @param from the older revision
   * @param to the newer revision
   * @param codec decodes the values
   * @param <V> the type of the values
   * @return the changes, by namespace path then key, read lazily
   * @throws RevisionNotFoundException if a revision names no commit
   */
  public <V> Stream<KeyChange<V>> diff(String from, String to, Codec<V> codec) {
    Arguments.notNull(from, "from");
    Arguments.notNull(to, "to");
    TypedValues.requireCodec(codec);
    return diffs.between(from, to, codec);
  }

  /**
   * Lists what changed between two revisions in one namespace (not the namespaces nested in it).
   *
   * @param from the older revision
   * @param to the newer revision
   * @param namespace the namespace path; {@code ""} for the root namespace
   * @param codec decodes the values
   * @param <V> the type of the values
   * @return the changes in key order, read lazily
   * @throws RevisionNotFoundException if a revision names no commit
   * @throws IllegalArgumentException if the namespace path is malformed
   */
  public <V> Stream<KeyChange<V>> diff(String from, String to, String namespace, Codec<V> codec) {
    Arguments.notNull(from, "from");
    Arguments.notNull(to, "to");
    TypedValues.requireCodec(codec);
    return diffs.between(from, to, Namespace.ofPath(namespace), codec);
  }

  /**
   * Tells whether a namespace differs between two revisions: one comparison of stored roots.
   *
   * @param namespace the namespace path; {@code ""} for the root namespace
   * @param from one revision
   * @param to the other
   * @return true if the namespace's content differs
   * @throws RevisionNotFoundException if a revision names no commit
   */
  public boolean namespaceChanged(String namespace, String from, String to) {
    Namespace ns = Namespace.ofPath(namespace);
    Arguments.notNull(from, "from");
    Arguments.notNull(to, "to");
    return diffs.namespaceChanged(ns, from, to);
  }

  /**
   * Returns the commits in a revision's history where a key changed: the commits whose value of
   * the key differs from their first parent's, newest first, read lazily.
   *
   * @param revision where to start
   * @param namespace the key's namespace path; {@code ""} for the root namespace
   * @param key the key
   * @return the commits that changed the key
   * @throws RevisionNotFoundException if the revision names no commit
   * @throws IllegalArgumentException if the namespace or key is malformed
   */
  public Stream<CommitInfo> history(String revision, String namespace, String key) {
    Namespace ns = Namespace.ofPath(namespace);
    return diffs.keyHistory(revision, ns, StoreKeys.encode(key));
  }

  /**
   * Says which commit last changed each key of a namespace: see
   * {@link #blame(String, String, String, String)} over every key.
   *
   * @param revision the revision whose keys to blame
   * @param namespace the namespace path; {@code ""} for the root namespace
   * @return one entry per key the namespace holds at the revision, in key order, unmodifiable
   * @throws RevisionNotFoundException if the revision names no commit
   * @throws IllegalArgumentException if the namespace path is malformed, or names a namespace
   *     other than the root that holds no key at the revision
   */
  public List<KeyBlame> blame(String revision, String namespace) {
    return blame(revision, namespace, null, null);
  }

  /**
   * Says which commit last changed each key of a namespace in {@code [from, to)}, like
   * {@code git blame}: the commit that gave the key the value it has at the revision. A key set
   * and never changed since is blamed on the commit that added it; a key changed and then changed
   * back on the commit that changed it back; a removed key is not listed. Through a merge commit a
   * key is followed into the first parent that holds the same value, so a key changed on a merged
   * branch is blamed on the commit that changed it there, and the merge commit itself only for a
   * key whose value differs from every parent's (a conflict resolved to a new value, say).
   *
   * <p>The cost follows the history of the keys, not the log: the walk goes back from the revision
   * along the parents the keys came through, compares only the keys still unresolved (equal
   * namespace roots or subtrees are skipped unread), and stops once every key is resolved. It
   * reads one consistent state, so commits made meanwhile do not change the answer.
   *
   * @param revision the revision whose keys to blame
   * @param namespace the namespace path; {@code ""} for the root namespace (not the namespaces
   *     nested in it)
   * @param from the first key included, or null to start at the first key
   * @param to the first key excluded, or null to run to the last key
   * @return one entry per key in the range that the namespace holds at the revision, in key order,
   *     unmodifiable
   * @throws RevisionNotFoundException if the revision names no commit
   * @throws IllegalArgumentException if {@code from} is after {@code to}, a key is too long, the
   *     namespace path is malformed, or it names a namespace other than the root that holds no key
   *     at the revision (the message lists some that do)
   */
  public List<KeyBlame> blame(String revision, String namespace, @Nullable String from, @Nullable String to) {
    Arguments.notNull(revision, "revision");
    return BlameWalk.blame(this, revision, Namespace.ofPath(namespace), from, to);
  }

  /**
   * Registers a validator that judges every move of a matching branch before it lands: commits,
   * merges (fast-forwards too), reverts, cherry-picks, resets, squashes, bundle imports and pushes
   * this repository receives. Validators run in name order; the first refusal fails the operation
   * with a {@link io.prolly.error.CommitRefusedException} and nothing is written. Branch
   * deletions are not judged. Validators belong to this repository object, not to the store:
   * register them again after opening it.
   *
   * @param branchPattern the branches judged: a name ({@code main}) or a glob, where {@code *}
   *     matches within a segment ({@code release/*}), {@code **} across segments and {@code ?} one
   *     character
   * @param name the name refusals quote, unique in this repository
   * @param validator the judge
   * @throws IllegalArgumentException if an argument is null or empty, or the name is taken
   */
  public void addValidator(String branchPattern, String name, CommitValidator validator) {
    validators.add(branchPattern, name, validator);
  }

  /**
   * Unregisters a validator; operations already running may still ask it.
   *
   * @param name the name it was registered under
   * @return true if there was one
   * @throws IllegalArgumentException if the name is null
   */
  public boolean removeValidator(String name) {
    return validators.remove(name);
  }

  /**
   * Returns the upkeep of this repository: garbage collection, history retention, automatic
   * collection, checking and the storage figures.
   *
   * @return the maintenance view, the same object on every call
   */
  public Maintenance maintenance() {
    return maintenance;
  }

  /**
   * Returns how this repository moves history to and from others: clone, copy, push, pull and
   * bundle files.
   *
   * @return the transfer view, the same object on every call
   */
  public Transfer transfer() {
    return transfer;
  }

  /**
   * Returns how this repository signs commits and which signers it trusts.
   *
   * @return the signing view, the same object on every call
   */
  public CommitSigning signing() {
    return signing;
  }

  /**
   * Returns the remotes this repository remembers by name, like git's {@code origin}: kept in the
   * repository, outside its history.
   *
   * @return the remotes, thread-safe
   */
  public Remotes remotes() {
    return new Remotes(this);
  }

  /**
   * Sets who hears how far this repository's long operations have come: {@link Maintenance#gc()},
   * {@link Transfer#cloneInto}, {@link Transfer#copyInto}, {@link Transfer#push} and {@link Transfer#pull} (whose progress is
   * reported by the repository they are called on). {@link Maintenance#verify(java.util.function.Consumer)}
   * takes its own.
   *
   * @param listener the listener, or null for none
   */
  public void setProgressListener(@Nullable ProgressListener listener) {
    this.progressListener = listener == null ? ProgressListener.NONE : listener;
  }

  ProgressListener progressListener() {
    return progressListener;
  }

  /**
   * Installs what hears this repository's commits, merges, lost races, node reads and writes, node
   * cache lookups, collections, verifications and transfers, replacing what was installed; see
   * {@link RepositoryMetrics}. The {@code prolly-micrometer} module binds one to a Micrometer
   * registry. Takes effect for operations that start afterwards. Thread-safe.
   *
   * @param metrics the recorder, or null for none ({@link RepositoryMetrics#NONE}, the default)
   */
  public void setMetrics(@Nullable RepositoryMetrics metrics) {
    metered.setMetrics(metrics == null ? RepositoryMetrics.NONE : metrics);
  }

  RepositoryMetrics metrics() {
    return metered.metrics();
  }

  /** What the node cache has counted since the repository opened. */
  CacheEvents cacheEvents() {
    return cacheEvents;
  }

  NodeCache cache() {
    return cache;
  }

  /**
   * Proves what a key holds under a revision's commit: see {@link Proof}.
   *
   * @param revision the revision; the proof is about the commit it resolves to
   * @param namespace the key's namespace path, {@code ""} for the root namespace
   * @param key the key
   * @return a proof of the key's value or absence, checkable without a repository
   * @throws RevisionNotFoundException if the revision names no commit
   * @throws IllegalArgumentException if the namespace or key is malformed
   */
  public Proof prove(String revision, String namespace, String key) {
    Namespace ns = Namespace.ofPath(namespace);
    StoreKeys.encode(key);
    return Proof.prove(store, resolve(revision), ns, key);
  }

  /**
   * Tells a listener every time a branch moves — commits, merges, resets, pushes and pulls into it,
   * creation and deletion — with the commits before and after; diff them for the changed keys
   * ({@link #diff}). Moves made through this repository are heard at once; moves made by other
   * processes or other repositories on the same store are found by polling the refs (see
   * {@link #setWatchInterval}), so they are heard within about one interval.
   *
   * <p>A move that advances the branch along first parents is told as one update per commit,
   * oldest first, so a listener sees every commit of the branch's first-parent history even when
   * several were made between two polls. Any other move is told as one update from the old head to
   * the new: a reset or forced move (whose {@code before} is then not the first parent of
   * {@code after}), a creation ({@code before} null) or a deletion ({@code after} null). A branch
   * moved away and back between two polls by another process is not told. The first update is
   * relative to the head when {@code watch} was called.
   *
   * <p>Each listener runs on its own daemon thread and sees its branch's updates in order; a slow
   * or failing listener never holds up committers or the poller (failures are logged). Thread-safe.
   *
   * @param branch the branch to watch; it need not exist yet
   * @param listener called with each update
   * @return the registration; closing it stops the listener
   * @throws IllegalArgumentException if the branch name is invalid or the listener is null
   * @throws StoreClosedException if the repository was closed
   */
  public Watch watch(String branch, java.util.function.Consumer<BranchUpdate> listener) {
    if (listener == null) {
      throw new IllegalArgumentException("listener is null");
    }
    return watchers.add(branch, listener);
  }

  /**
   * Sets how often {@link #watch} listeners look for moves made outside this repository: by
   * another process sharing a server database, or another repository on the same store. Each
   * interval, while there is at least one listener, one shared daemon thread reads the branch heads
   * in one read transaction (for the JDBC backend one small query); nothing is read while no one
   * watches. {@link Duration#ZERO} stops polling: then only moves through this repository are heard.
   *
   * @param interval from 1 ms to 1 hour, or zero; the default is 200 ms
   * @throws IllegalArgumentException if the interval is null, negative, or out of that range
   */
  public void setWatchInterval(Duration interval) {
    Arguments.notNull(interval, "interval");
    Arguments.check(interval.isZero() || (interval.compareTo(Duration.ofMillis(1)) >= 0
        && interval.compareTo(Duration.ofHours(1)) <= 0), "watch interval " + interval + " is not zero (no polling) "
        + "nor from 1 ms to 1 hour");
    watchers.setPollInterval(interval);
  }

  /**
   * Returns how often listeners poll for moves made outside this repository.
   *
   * @return the interval; zero when polling is off
   */
  public Duration watchInterval() {
    return watchers.pollInterval();
  }

  /**
   * Returns the author recorded by commits that do not name their own
   * ({@link Store#setAuthor(String)}).
   *
   * @return the default author
   */
  public String author() {
    return author;
  }

  /** Closes the storage. Idempotent. Stores of this repository are unusable afterwards. */
  @Override
  public void close() {
    maintenance.close();
    watchers.closeAll();
    store.close();
  }

  @Override
  public String toString() {
    return "Repository(" + store.config().redacted() + ")";
  }

  // Package-private plumbing for stores and merges.

  TreeReader reader() {
    return new TreeReader(reads, cache);
  }

  TreeReader reader(ReadTransaction tx) {
    return new TreeReader(tx, cache);
  }

  TreeWriter writer(WriteTransaction tx) {
    return new TreeWriter(tx, cache);
  }

  Validators validators() {
    return validators;
  }

  /** The turns of this repository's committers, one queue per ref. */
  CommitTurns commitTurns() {
    return commitTurns;
  }

  RepositorySigning signingKeys() {
    return signing;
  }

  /** Writes a commit this repository makes, signed if it signs. */
  Hash writeCommit(WriteTransaction tx, Commit commit) {
    return signing.sign(commit).writeTo(tx);
  }

  CommitSource commitSource() {
    return commits.over(reads);
  }

  /** Reads commits through a transaction of this repository's store, with the repository's commit cache. */
  CommitSource commitSource(ReadTransaction tx) {
    return commits.over(tx);
  }

  /**
   * Begins a write transaction that a garbage collection sweep waits for, in this process through
   * the sweep lock and in others through the {@link SweepEpoch}. While another process's sweep
   * batch holds the store, waits until it ends (at most its lease).
   */
  SweepGuardedWrite beginWrite() {
    return SweepGuardedWrite.begin(store, sweepLock.readLock(), this);
  }

  NodeStore nodeStore() {
    return store;
  }

  /** A copy in batches of a given size; for tests. */
  SyncReport copyInBatches(Repository target, int batchSize) {
    return transfer.copyInto(target, batchSize);
  }

  /** The store as the backend gives it, without the verifying wrapper. */
  NodeStore backend() {
    return backend;
  }

  ReadWriteLock sweepLock() {
    return sweepLock;
  }

  @Nullable Hash head(String ref) {
    return reads.ref(ref);
  }

  /** The namespace registry a commit records. */
  Tree registryOf(Hash commit) {
    return NamespaceRegistry.ofCommit(reads, commit);
  }

  /** After a repository transaction that moved refs committed. */
  void committed(Map<String, Hash[]> moves) {
    watchers.refsMoved(moves);
    maintenance.afterCommit();
  }

  /** Waits for a background collection to finish; for tests. */
  void awaitAutomaticCollection() throws InterruptedException {
    maintenance.awaitAutomaticCollection();
  }
}

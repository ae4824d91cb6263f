package io.prolly.tree;

import io.prolly.spi.support.Arguments;
import io.prolly.merge.Conflict;
import io.prolly.merge.ConflictResolver;
import io.prolly.error.CorruptNodeException;
import io.prolly.spi.WriteTransaction;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Makes new trees in a store transaction: applies a batch of edits to a tree, or builds one from
 * sorted entries. Trees are never changed in place; each call returns a new {@link Tree} whose
 * nodes have been put into the transaction (with {@link WriteTransaction#putAll}, in batches,
 * each node once), and which becomes durable when the caller commits. The old tree stays valid.
 *
 * <p>The result depends only on the entries and the config, never on the edits that led there:
 * the same entries give the same root however they were reached.
 *
 * <p>Values of any length up to what an array holds are accepted. One longer than the config's
 * {@link TreeConfig#maxInlineValueSize()} is stored out of line, as a blob of content-defined
 * chunks (see {@link TreeReader#openValue}); equal large values, under any keys and in any tree
 * of the store, share their nodes, and a small edit of a large value stores only the few chunks
 * around it anew.
 *
 * <p>Not thread-safe, like the transaction. Every method throws
 * {@link io.prolly.error.CorruptNodeException} if a node it needs is missing or malformed, and whatever
 * the transaction throws.
 */
public final class TreeWriter {

  // A bulk build hands nodes to the transaction in batches this big, so that it buffers little itself.
  private static final int BUILD_BATCH = 1024;
  // Blob nodes go to the transaction in batches of at most this many, a few MiB.
  private static final int BLOB_BATCH = 64;

  private final WriteTransaction tx;
  private final NodeCache cache;

  /**
   * Creates a writer that reads every node from the store, unverified.
   *
   * @param tx the transaction to read and write through
   * @throws IllegalArgumentException if {@code tx} is null
   */
  public TreeWriter(WriteTransaction tx) {
    this(tx, NodeCache.none());
  }

  /**
   * Creates a writer that reads nodes through a cache.
   *
   * @param tx the transaction to read and write through
   * @param cache the node cache of the transaction's store, and its verification policy
   * @throws IllegalArgumentException if an argument is null
   */
  public TreeWriter(WriteTransaction tx, NodeCache cache) {
    Arguments.check(tx != null, "transaction is null");
    Arguments.check(cache != null, "node cache is null");
    this.tx = tx;
    this.cache = cache;
  }

  /**
   * Applies a batch of puts and deletes, rewriting only the nodes they touch.
   *
   * @param tree the tree to start from
   * @param edits the changes; deleting an absent key does nothing
   * @return the tree with the edits applied, written with the same config
   * @throws IllegalArgumentException if an argument is null
   */
  public Tree apply(Tree tree, Edits edits) {
    Arguments.check(tree != null, "tree is null");
    Arguments.check(edits != null, "edits are null");
    NodeSink blobs = new NodeSink(tx, BLOB_BATCH);
    ValueWriter values = new ValueWriter(tree.config(), blobs);
    SortedEdits stored = new SortedEdits();
    edits.asMap().forEach((key, value) -> stored.add(key, value == null ? null : values.store(value)));
    blobs.flush();
    return applyStored(tree, stored);
  }

  /**
   * Builds a tree from entries in one pass, in time linear in their number.
   *
   * @param config the rules to chunk the tree with
   * @param entries the entries in strictly increasing unsigned key order; consumed
   * @return the tree holding exactly these entries
   * @throws IllegalArgumentException if an argument is null, the keys are not strictly
   *     increasing, or a key is too long
   */
  public Tree build(TreeConfig config, Iterator<Entry> entries) {
    Arguments.check(config != null, "tree config is null");
    Arguments.check(entries != null, "entries are null");
    NodeSink sink = new NodeSink(tx, BUILD_BATCH, false);
    NodeSink blobs = new NodeSink(tx, BLOB_BATCH);
    ValueWriter values = new ValueWriter(config, blobs);
    TreeBuilder builder = new TreeBuilder(config, sink, 0);
    while (entries.hasNext()) {
      Entry entry = entries.next();
      Arguments.check(entry != null, "null entry in a tree build");
      builder.add(Edits.checkKey(entry.key()), values.store(entry.value()));
    }
    Tree result = new Tree(builder.finish(), config);
    sink.flush();
    blobs.flush();
    return result;
  }

  /**
   * Merges two trees that grew from a common base: the result holds every change either side made
   * since the base; a key both sides changed to different results is a {@link Conflict} that the
   * resolver decides. When one side did not change, or both made the same changes, the result is
   * the other side without any work. The cost follows the number of changes, not the tree sizes.
   *
   * <p>The laws: {@code merge(b, x, b) = merge(b, b, x) = merge(b, x, x) = x}, and swapping the
   * sides while swapping {@link ConflictResolver#ours()} and {@link ConflictResolver#theirs()}
   * gives the same tree.
   *
   * @param base the common ancestor
   * @param ours our side; the result is written with its config
   * @param theirs their side
   * @param resolver decides conflicting keys; {@link ConflictResolver#fail()} refuses them all
   * @return the merged tree, in which a key the resolver left unresolved keeps our value, and the
   *     unresolved conflicts in key order
   * @throws IllegalArgumentException if an argument is null
   */
  public TreeMergeResult merge(Tree base, Tree ours, Tree theirs, ConflictResolver resolver) {
    Arguments.check(base != null && ours != null && theirs != null, "tree to merge is null");
    Arguments.check(resolver != null, "conflict resolver is null");
    boolean identicalIsConflict = resolver.resolvesIdenticalChanges();
    if ((ours.root().equals(theirs.root()) && !identicalIsConflict) || theirs.root().equals(base.root())) {
      return new TreeMergeResult(ours, List.of());
    }
    if (ours.root().equals(base.root()) && ours.config().equals(theirs.config())) {
      return new TreeMergeResult(theirs, List.of());
    }
    List<Conflict> unresolved = new ArrayList<>();
    NodeSink blobs = new NodeSink(tx, BLOB_BATCH);
    TreeMerge merge = new TreeMerge(new NodeLoader(tx, cache, null), new ValueWriter(ours.config(), blobs));
    SortedEdits edits = merge.editsForOurs(base, ours, theirs, resolver, unresolved);
    blobs.flush();
    return new TreeMergeResult(applyStored(ours, edits), unresolved);
  }

  /** Applies edits whose values are in stored form. */
  private Tree applyStored(Tree tree, SortedEdits edits) {
    // An edit's new nodes all wait in the sink, so that the one-child nodes a shrinking tree
    // drops from its top can be discarded before they are written.
    NodeSink sink = new NodeSink(tx, Integer.MAX_VALUE);
    TreeMutator mutator = new TreeMutator(tree.config(), new NodeLoader(tx, cache, sink), sink);
    Tree result = new Tree(mutator.apply(tree.root(), edits), tree.config());
    sink.flush();
    return result;
  }
}

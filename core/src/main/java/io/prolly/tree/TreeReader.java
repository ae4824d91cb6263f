package io.prolly.tree;

import io.prolly.spi.support.Arguments;
import io.prolly.error.CorruptNodeException;
import io.prolly.error.StoreClosedException;
import io.prolly.spi.ReadTransaction;
import java.io.InputStream;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * Reads trees through a store transaction: point lookups, ordered iteration, counts, and rank
 * and select by position. Lookups and rank/select read one node per level; counting a range
 * costs two such descents; iteration reads each node it passes once, lazily.
 *
 * <p>Values come back as they were written, however long: a value stored out of line as a blob
 * (see {@link TreeWriter}) is read whole into the array that {@link #get}, an {@link Entry} or a
 * {@link Change} holds, or chunk by chunk through {@link #openValue}. Diffs compare large values
 * by their blob references and read only those that differ. The blob format records lengths up to
 * 2<sup>63</sup> - 1 bytes, and the stream reads any of them; a {@link TreeWriter} takes values as
 * arrays, so values are at most about 2 GiB, the longest array the JVM allocates, and a value
 * longer than an array can be (which only another writer could store) makes the methods that
 * return arrays throw {@link IllegalStateException}.
 *
 * <p>A reader and its iterators are valid while the transaction is open, and like the
 * transaction they are not thread-safe. Every method throws {@link io.prolly.error.CorruptNodeException}
 * if a node it needs is missing or malformed, and whatever the transaction throws (for example
 * {@link io.prolly.error.StoreClosedException}).
 */
public final class TreeReader {

  private final NodeLoader loader;
  private final ValueReader values;

  /**
   * Creates a reader that reads every node from the store, unverified.
   *
   * @param tx the transaction to read through; also a {@link io.prolly.spi.WriteTransaction},
   *     to read trees it has written
   * @throws IllegalArgumentException if {@code tx} is null
   */
  public TreeReader(ReadTransaction tx) {
    this(tx, NodeCache.none());
  }

  /**
   * Creates a reader that reads nodes through a cache.
   *
   * @param tx the transaction to read through; also a {@link io.prolly.spi.WriteTransaction},
   *     to read trees it has written
   * @param cache the node cache of the transaction's store, and its verification policy
   * @throws IllegalArgumentException if an argument is null
   */
  public TreeReader(ReadTransaction tx, NodeCache cache) {
    Arguments.check(tx != null, "transaction is null");
    Arguments.check(cache != null, "node cache is null");
    this.loader = new NodeLoader(tx, cache, null);
    this.values = new ValueReader(loader);
  }

  /**
   * Looks up a key.
   *
   * @param tree the tree
   * @param key the key
   * @return a copy of the key's value, or null if the tree does not hold the key
   * @throws IllegalArgumentException if an argument is null
   */
  public byte @Nullable [] get(Tree tree, byte[] key) {
    byte[] stored = storedValue(tree, key);
    return stored == null ? null : values.bytes(key, stored);
  }

  /**
   * Opens a key's value as a stream, which reads a large value one chunk at a time as it goes, so
   * that a value of any size takes little memory; {@link InputStream#skip} passes over chunks
   * without reading them, so a slice costs the chunks it spans. The stream reads through this
   * reader's transaction and is valid while it is open; it need not be closed. Like the reader,
   * it is not thread-safe, and its reads throw {@link io.prolly.error.CorruptNodeException} if a chunk
   * is missing or damaged.
   *
   * @param tree the tree
   * @param key the key
   * @return a stream of the key's value, or null if the tree does not hold the key
   * @throws IllegalArgumentException if an argument is null
   */
  public @Nullable InputStream openValue(Tree tree, byte[] key) {
    byte[] stored = storedValue(tree, key);
    return stored == null ? null : values.stream(stored);
  }

  /**
   * Tells whether the tree holds a key.
   *
   * @param tree the tree
   * @param key the key
   * @return true if the tree holds {@code key}
   * @throws IllegalArgumentException if an argument is null
   */
  public boolean contains(Tree tree, byte[] key) {
    return storedValue(tree, key) != null;
  }

  /**
   * Counts the entries, reading only the root.
   *
   * @param tree the tree
   * @return the number of entries
   * @throws IllegalArgumentException if {@code tree} is null
   */
  public long count(Tree tree) {
    return root(tree).count();
  }

  /**
   * Counts the entries in a range.
   *
   * @param tree the tree
   * @param range the keys to count
   * @return the number of entries whose key is in {@code range}
   * @throws IllegalArgumentException if an argument is null
   */
  public long count(Tree tree, KeyRange range) {
    Arguments.check(range != null, "key range is null");
    byte[] from = range.from();
    byte[] to = range.to();
    return (to == null ? count(tree) : rank(tree, to)) - (from == null ? 0 : rank(tree, from));
  }

  /**
   * Returns the position a key has or would have.
   *
   * @param tree the tree
   * @param key any key, held by the tree or not
   * @return the number of entries whose key is less than {@code key}
   * @throws IllegalArgumentException if an argument is null
   */
  public long rank(Tree tree, byte[] key) {
    Arguments.check(key != null, "key is null");
    Node node = root(tree);
    long before = 0;
    while (!node.isLeaf()) {
      int child = node.lowerBound(key);
      if (child == node.size()) {
        return before + node.count();
      }
      before += node.countBefore(child);
      node = loader.load(node.child(child));
    }
    return before + node.lowerBound(key);
  }

  /**
   * Returns the entry at a position in key order.
   *
   * @param tree the tree
   * @param index 0 for the smallest key, up to {@code count(tree) - 1}
   * @return the entry with exactly {@code index} smaller keys
   * @throws IllegalArgumentException if {@code tree} is null
   * @throws IndexOutOfBoundsException if {@code index} is negative or not less than the count
   */
  public Entry select(Tree tree, long index) {
    Node node = root(tree);
    if (index < 0 || index >= node.count()) {
      throw new IndexOutOfBoundsException("index " + index + " is outside a tree of " + node.count() + " entries");
    }
    long remaining = index;
    while (!node.isLeaf()) {
      int child = node.childHolding(remaining);
      remaining -= node.countBefore(child);
      node = loader.load(node.child(child));
    }
    int i = (int) remaining;
    byte[] key = node.key(i);
    return new Entry(key, values.bytes(key, node.value(i)));
  }

  /**
   * Iterates over the entries in a range in increasing key order, reading nodes as it goes.
   *
   * @param tree the tree
   * @param range the keys to visit
   * @return an iterator of fresh entries; it does not support {@code remove}
   * @throws IllegalArgumentException if an argument is null
   */
  public Iterator<Entry> iterator(Tree tree, KeyRange range) {
    Arguments.check(range != null, "key range is null");
    Node root = root(tree);
    byte[] from = range.from();
    Cursor cursor = from == null ? Cursor.first(loader, root) : Cursor.ceiling(loader, root, from);
    return new EntryIterator(cursor, values, range, true);
  }

  /**
   * Iterates over the entries in a range in decreasing key order, reading nodes as it goes.
   *
   * @param tree the tree
   * @param range the keys to visit
   * @return an iterator of fresh entries; it does not support {@code remove}
   * @throws IllegalArgumentException if an argument is null
   */
  public Iterator<Entry> descendingIterator(Tree tree, KeyRange range) {
    Arguments.check(range != null, "key range is null");
    Node root = root(tree);
    byte[] to = range.to();
    Cursor cursor = to == null ? Cursor.last(loader, root) : Cursor.ceiling(loader, root, to);
    if (to != null) {
      if (cursor.isValid()) {
        cursor.retreat();
      } else {
        cursor = Cursor.last(loader, root);
      }
    }
    return new EntryIterator(cursor, values, range, false);
  }

  /**
   * Lists the differences between two trees, in increasing key order, lazily. Subtrees the trees
   * share are skipped without being read, so the cost grows with the size of the difference, not
   * of the trees; this needs both trees to be written with the same config, otherwise the result
   * is still right but every node is read.
   *
   * @param from the old tree
   * @param to the new tree
   * @return an iterator of changes that turn {@code from} into {@code to}; empty if they hold the
   *     same entries; it does not support {@code remove}
   * @throws IllegalArgumentException if an argument is null
   */
  public Iterator<Change> diff(Tree from, Tree to) {
    return diff(from, to, KeyRange.all());
  }

  /**
   * Lists the differences between two trees within a key range, in increasing key order, lazily.
   * As in {@link #diff(Tree, Tree)}, shared subtrees are skipped unread; and of the subtrees
   * outside the range, none is read but those that straddle its ends, so the cost follows the
   * changes in the range, not the trees or the changes elsewhere.
   *
   * @param from the old tree
   * @param to the new tree
   * @param range the keys whose changes to list
   * @return an iterator of the changes of the keys in {@code range} that turn {@code from} into
   *     {@code to}; it does not support {@code remove}
   * @throws IllegalArgumentException if an argument is null
   */
  public Iterator<Change> diff(Tree from, Tree to, KeyRange range) {
    Arguments.check(from != null && to != null, "tree to diff is null");
    Arguments.check(range != null, "key range is null");
    return new ChangeIterator(new TreeDiff(loader, from.root(), to.root(), range), values);
  }

  private byte @Nullable [] storedValue(Tree tree, byte[] key) {
    Arguments.check(key != null, "key is null");
    Node node = root(tree);
    while (!node.isLeaf()) {
      int child = node.lowerBound(key);
      if (child == node.size()) {
        return null;
      }
      node = loader.load(node.child(child));
    }
    int i = node.lowerBound(key);
    return i < node.size() && node.compareKey(i, key) == 0 ? node.value(i) : null;
  }

  private Node root(Tree tree) {
    Arguments.check(tree != null, "tree is null");
    return loader.load(tree.root());
  }

  /** Walks a cursor while it stays in a range. */
  private static final class EntryIterator implements Iterator<Entry> {

    private final Cursor cursor;
    private final ValueReader values;
    private final KeyRange range;
    private final boolean ascending;
    private @Nullable Entry next;

    EntryIterator(Cursor cursor, ValueReader values, KeyRange range, boolean ascending) {
      this.cursor = cursor;
      this.values = values;
      this.range = range;
      this.ascending = ascending;
      this.next = read();
    }

    @Override
    public boolean hasNext() {
      return next != null;
    }

    @Override
    public Entry next() {
      Entry current = next;
      if (current == null) {
        throw new NoSuchElementException("no entry left in " + range);
      }
      if (ascending) {
        cursor.advance();
      } else {
        cursor.retreat();
      }
      next = read();
      return current;
    }

    private @Nullable Entry read() {
      if (!cursor.isValid()) {
        return null;
      }
      byte[] key = cursor.key();
      boolean inside = ascending ? range.isBelowEnd(key) : range.isAtOrAfterStart(key);
      return inside ? new Entry(key, values.bytes(key, cursor.value())) : null;
    }
  }
}

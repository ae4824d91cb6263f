package io.prolly.tree;

import io.prolly.spi.Hash;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * The changes from one tree to another within a key range, in key order, computed lazily by
 * walking both trees side by side and skipping every subtree they share.
 *
 * <p>Each side is a frontier: what is left to compare, in key order, as a stack of unopened
 * subtrees (a hash and a level) and single entries. When both fronts are the same subtree, it
 * holds the same entries on both sides and is skipped unread; otherwise the higher subtree is
 * opened into its children. Because chunking is content-defined, the two trees cut the unchanged
 * parts into the same nodes, so the fronts realign after each change and the nodes read are
 * those on the paths to the changes, about the tree height per change and side.
 *
 * <p>A range prunes both sides alike: a child goes onto the frontier only if its keys, which lie
 * after the previous child's last key and up to its own, can meet the range, and an entry only if
 * its key is in the range. So nothing outside the range is read beyond the nodes on its two edges.
 * Values are compared in their stored form, so equal large values are equal blob references.
 *
 * <p>Not thread-safe.
 */
final class TreeDiff implements Iterator<StoredChange> {

  /** A subtree (hash not null) or an entry (key and value not null). */
  private record Item(@Nullable Hash hash, int level, byte @Nullable [] key, byte @Nullable [] value) {

    boolean isSubtree() {
      return hash != null;
    }
  }

  private final NodeLoader loader;
  private final byte @Nullable [] rangeFrom;
  private final byte @Nullable [] rangeTo;
  private final Deque<Item> left = new ArrayDeque<>();
  private final Deque<Item> right = new ArrayDeque<>();
  private @Nullable StoredChange next;

  TreeDiff(NodeLoader loader, Hash from, Hash to, KeyRange range) {
    this.loader = loader;
    this.rangeFrom = range.from();
    this.rangeTo = range.to();
    if (!from.equals(to)) {
      left.push(subtree(loader.load(from)));
      right.push(subtree(loader.load(to)));
    }
    next = computeNext();
  }

  @Override
  public boolean hasNext() {
    return next != null;
  }

  @Override
  public StoredChange next() {
    StoredChange current = next;
    if (current == null) {
      throw new NoSuchElementException("no change left");
    }
    next = computeNext();
    return current;
  }

  private @Nullable StoredChange computeNext() {
    while (true) {
      Item a = left.peek();
      Item b = right.peek();
      if (a == null && b == null) {
        return null;
      }
      if (a != null && b != null && a.isSubtree() && b.isSubtree() && a.hash().equals(b.hash())) {
        left.pop();
        right.pop();
      } else if (a != null && a.isSubtree() && (b == null || !b.isSubtree() || a.level() >= b.level())) {
        open(left);
      } else if (b != null && b.isSubtree()) {
        open(right);
      } else {
        StoredChange change = compareEntries(a, b);
        if (change != null) {
          return change;
        }
      }
    }
  }

  /** Compares the front entries of both sides, either of which may be exhausted; pops what it used. */
  private @Nullable StoredChange compareEntries(@Nullable Item a, @Nullable Item b) {
    int order = a == null ? 1 : b == null ? -1 : Arrays.compareUnsigned(a.key(), b.key());
    if (order < 0) {
      left.pop();
      return new StoredChange(a.key(), a.value(), null);
    }
    right.pop();
    if (order > 0) {
      return new StoredChange(b.key(), null, b.value());
    }
    left.pop();
    return Arrays.equals(a.value(), b.value()) ? null : new StoredChange(a.key(), a.value(), b.value());
  }

  /**
   * Replaces the front subtree of a side by those of its children, or of its entries if it is a
   * leaf, that can hold keys in the range. The first child passes the range's upper end whenever
   * its parent did, since both start after the same key.
   */
  private void open(Deque<Item> side) {
    Node node = loader.load(side.pop().hash());
    for (int i = node.size() - 1; i >= 0; i--) {
      boolean endsAtOrAfterFrom = rangeFrom == null || node.compareKey(i, rangeFrom) >= 0;
      if (node.isLeaf()) {
        if (endsAtOrAfterFrom && (rangeTo == null || node.compareKey(i, rangeTo) < 0)) {
          side.push(new Item(null, -1, node.key(i), node.value(i)));
        }
      } else if (endsAtOrAfterFrom && (rangeTo == null || i == 0 || node.compareKey(i - 1, rangeTo) < 0)) {
        side.push(new Item(node.child(i), node.level() - 1, null, null));
      }
    }
  }

  private static Item subtree(Node node) {
    return new Item(node.id(), node.level(), null, null);
  }
}

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
 * <p>Each side is a frontier: what is left to compare, in key order, as a stack of opened nodes,
 * each with the position of its next child or entry. When both fronts are the same subtree (their
 * child hashes, compared in place, are equal), it holds the same entries on both sides and is
 * skipped unread; otherwise the higher subtree is opened. Nothing is copied out of a node but the
 * keys and values of the changes returned, so a step costs no allocation. Because chunking is content-defined, the two trees cut the unchanged
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

  private static final int NEAR_STEPS = 4;

  /** An opened node and the part of it still to compare: positions {@code position} to {@code end}. */
  private static final class Frame {

    final Node node;
    int position;
    final int end;

    Frame(Node node, int position, int end) {
      this.node = node;
      this.position = position;
      this.end = end;
    }
  }

  private final NodeLoader loader;
  private final byte @Nullable [] rangeFrom;
  private final byte @Nullable [] rangeTo;
  private final Deque<Frame> left = new ArrayDeque<>();
  private final Deque<Frame> right = new ArrayDeque<>();
  private @Nullable StoredChange next;
  // After a skip, changes before this key that the two frontiers' uneven edges make up are dropped.
  private byte @Nullable [] floor;

  TreeDiff(NodeLoader loader, Hash from, Hash to, KeyRange range) {
    this.loader = loader;
    this.rangeFrom = range.from();
    this.rangeTo = range.to();
    if (!from.equals(to)) {
      open(left, loader.load(from));
      open(right, loader.load(to));
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

  /** Returns the change {@link #next()} would return, without moving past it; null if none is left. */
  @Nullable StoredChange peek() {
    return next;
  }

  /**
   * Moves past every change at a key before {@code key}, so that the next is the first change at
   * or after it. The subtrees that lie wholly before the key are skipped unread on both sides, so
   * a caller that only needs the changes near some keys pays for those, not for all the changes.
   */
  void skipTo(byte[] key) {
    // Near changes are cheaper stepped over than sought.
    for (int step = 0; step < NEAR_STEPS && next != null && Arrays.compareUnsigned(next.key(), key) < 0; step++) {
      next = computeNext();
    }
    if (next == null || Arrays.compareUnsigned(next.key(), key) >= 0) {
      return;
    }
    // Each frame moves to its first child (or entry) that reaches the key: those before hold only
    // keys before it. The first kept child may start before the key on one side and not on the
    // other, so changes before the key can appear; the floor drops them.
    skipFrames(left, key);
    skipFrames(right, key);
    floor = key;
    next = computeNext();
  }

  private static void skipFrames(Deque<Frame> side, byte[] key) {
    for (Frame frame : side) {
      frame.position = Math.max(frame.position, Math.min(frame.end, frame.node.lowerBound(key)));
    }
  }

  private @Nullable StoredChange computeNext() {
    while (true) {
      Frame a = front(left);
      Frame b = front(right);
      if (a == null && b == null) {
        return null;
      }
      boolean subtreeA = a != null && !a.node.isLeaf();
      boolean subtreeB = b != null && !b.node.isLeaf();
      if (subtreeA && subtreeB && a.node.sameChild(a.position, b.node, b.position)) {
        a.position++;
        b.position++;
      } else if (subtreeA && (!subtreeB || a.node.level() >= b.node.level())) {
        openChild(left, a);
      } else if (subtreeB) {
        openChild(right, b);
      } else {
        StoredChange change = compareEntries(a, b);
        if (change != null && (floor == null || Arrays.compareUnsigned(change.key(), floor) >= 0)) {
          return change;
        }
      }
    }
  }

  /** The frame whose next position is the side's front, dropping those used up; null when the side is. */
  private static @Nullable Frame front(Deque<Frame> side) {
    Frame top = side.peek();
    while (top != null && top.position >= top.end) {
      side.pop();
      top = side.peek();
    }
    return top;
  }

  /** Compares the front entries of both sides, either of which may be exhausted; moves past what it used. */
  private static @Nullable StoredChange compareEntries(@Nullable Frame a, @Nullable Frame b) {
    int order = a == null ? 1 : b == null ? -1 : a.node.compareKey(a.position, b.node, b.position);
    if (order < 0) {
      int i = a.position++;
      return new StoredChange(a.node.key(i), a.node.value(i), null);
    }
    int j = b.position++;
    if (order > 0) {
      return new StoredChange(b.node.key(j), null, b.node.value(j));
    }
    int i = a.position++;
    return a.node.sameValue(i, b.node, j) ? null : new StoredChange(a.node.key(i), a.node.value(i), b.node.value(j));
  }

  /** Opens the front child of a frame, moving the frame past it. */
  private void openChild(Deque<Frame> side, Frame parent) {
    open(side, loader.load(parent.node.child(parent.position++)));
  }

  /**
   * Puts a node on a side's frontier, restricted to the children, or entries of a leaf, that can
   * hold keys in the range. A child holds the keys after the previous child's last key up to its
   * own last key (its key in the parent), so the children that can meet the range are those from
   * the first whose key reaches the range's start to the first whose key reaches its end.
   */
  private void open(Deque<Frame> side, Node node) {
    int start = rangeFrom == null ? 0 : node.lowerBound(rangeFrom);
    int end = node.size();
    if (rangeTo != null) {
      int reachesEnd = node.lowerBound(rangeTo);
      end = node.isLeaf() ? reachesEnd : Math.min(end, reachesEnd + 1);
    }
    if (start < end) {
      side.push(new Frame(node, start, end));
    }
  }
}

package io.prolly.tree;

import io.prolly.error.CorruptNodeException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads a blob's bytes in order, loading one chunk at a time, and the index nodes above it, as the
 * reader gets there: memory stays at one chunk and one index node per level, whatever the size.
 *
 * <p>Every node is checked against what its parent says of it (level and length), and the root
 * against the length the leaf gives, so a damaged or mixed-up blob fails with
 * {@link io.prolly.error.CorruptNodeException} instead of giving other bytes. A chunk whose bytes were
 * changed in place keeps its length: that is found by hash verification (see {@link NodeCache}).
 *
 * <p>Valid while the transaction it reads through is open. Not thread-safe.
 */
final class BlobInputStream extends InputStream {

  /** An index node being read and the next child to read from it. */
  private static final class Frame {
    final BlobNode node;
    int next;

    Frame(BlobNode node) {
      this.node = node;
    }
  }

  private final NodeLoader loader;
  private final Deque<Frame> path = new ArrayDeque<>();
  private @Nullable BlobNode chunk;
  private int position;

  BlobInputStream(NodeLoader loader, BlobRef ref) {
    this.loader = loader;
    BlobNode root = loader.loadBlob(ref.root());
    if (root.length() != ref.length()) {
      throw Corruption.of(root.id()).because("the blob holds " + root.length() + " bytes, but the leaf that refers "
          + "to it says " + ref.length());
    }
    enter(root);
  }

  @Override
  public int read() {
    BlobNode current = chunkWithData();
    return current == null ? -1 : current.byteAt(position++) & 0xFF;
  }

  @Override
  public int read(byte[] target, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, target.length);
    if (length == 0) {
      return 0;
    }
    BlobNode current = chunkWithData();
    if (current == null) {
      return -1;
    }
    int count = (int) Math.min(length, current.length() - position);
    current.copyData(position, target, offset, count);
    position += count;
    return count;
  }

  /**
   * Skips bytes without reading the chunks they are in: whole subtrees are passed by the lengths
   * their parents record, so skipping costs one index node per level, not the skipped bytes.
   */
  @Override
  public long skip(long count) {
    long left = Math.max(0, count);
    if (chunk != null) {
      int inChunk = (int) Math.min(left, chunk.length() - position);
      position += inChunk;
      left -= inChunk;
    }
    while (left > 0 && !path.isEmpty()) {
      Frame top = path.peek();
      if (top.next == top.node.size()) {
        path.pop();
      } else if (top.node.childLength(top.next) <= left) {
        left -= top.node.childLength(top.next++);
      } else {
        BlobNode holder = nextChild(top); // the child that holds the target
        enter(holder);
        if (holder.isChunk()) {
          position = (int) left;
          left = 0;
        }
      }
    }
    return Math.max(0, count) - left;
  }

  @Override
  public int available() {
    return chunk == null ? 0 : (int) (chunk.length() - position);
  }

  /** Returns the chunk to read from, moving on to the next one if this one is read; null at the end. */
  private @Nullable BlobNode chunkWithData() {
    while (chunk == null || position == chunk.length()) {
      if (!nextChunk()) {
        return null;
      }
    }
    return chunk;
  }

  private void enter(BlobNode node) {
    if (node.isChunk()) {
      chunk = node;
      position = 0;
    } else {
      path.push(new Frame(node));
    }
  }

  /** Moves to the next chunk, loading the index nodes on the way; false at the end of the blob. */
  private boolean nextChunk() {
    while (!path.isEmpty()) {
      Frame top = path.peek();
      if (top.next == top.node.size()) {
        path.pop();
        continue;
      }
      BlobNode child = nextChild(top);
      enter(child);
      if (child.isChunk()) {
        return true;
      }
    }
    return false;
  }

  /** Loads the next child of an index node, checked against what the index says of it. */
  private BlobNode nextChild(Frame parent) {
    int i = parent.next++;
    BlobNode child = loader.loadBlob(parent.node.child(i));
    if (child.level() != parent.node.level() - 1 || child.length() != parent.node.childLength(i)) {
      throw Corruption.of(child.id()).because("it is at level " + child.level() + " and holds " + child.length()
          + " bytes, but its parent " + parent.node.id() + " expects level " + (parent.node.level() - 1) + " and "
          + parent.node.childLength(i) + " bytes");
    }
    return child;
  }
}

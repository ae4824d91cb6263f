package io.prolly.tree;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Edits of one tree level for {@link TreeMutator}, in strictly increasing unsigned key order: key to
 * stored value, or to null for a delete. Built by appending in order, which every producer can do
 * (a diff, a sorted map, the run of a level below), so that a batch costs an array slot per edit
 * instead of a sorted map's node and its comparisons.
 *
 * <p>Not thread-safe.
 */
final class SortedEdits {

  private final List<byte[]> keys;
  private final List<byte @Nullable []> values;

  SortedEdits() {
    this(16);
  }

  private SortedEdits(int capacity) {
    keys = new ArrayList<>(capacity);
    values = new ArrayList<>(capacity);
  }

  /** The entries of a map sorted by unsigned key order. */
  static SortedEdits of(Map<byte[], byte @Nullable []> sorted) {
    SortedEdits edits = new SortedEdits(sorted.size());
    sorted.forEach(edits::add);
    return edits;
  }

  /**
   * Appends an edit.
   *
   * @throws IllegalStateException if the key does not come after the last one appended
   */
  void add(byte[] key, byte @Nullable [] value) {
    Require.state(keys.isEmpty() || Arrays.compareUnsigned(keys.get(keys.size() - 1), key) < 0,
        "edits out of key order");
    keys.add(key);
    values.add(value);
  }

  int size() {
    return keys.size();
  }

  boolean isEmpty() {
    return keys.isEmpty();
  }

  byte[] key(int index) {
    return keys.get(index);
  }

  /** The stored value of an edit; null for a delete. */
  byte @Nullable [] value(int index) {
    return values.get(index);
  }

  /**
   * The edits of the level above a re-chunked one: a delete of every replaced node's key, and a
   * put of every new node under its last key, which wins over a delete of the same key.
   *
   * @param replaced the last keys of the old nodes, in increasing order
   * @param made the new nodes, in increasing order of their last keys
   */
  static SortedEdits forParents(List<byte[]> replaced, List<LevelWriter.Chunk> made) {
    SortedEdits edits = new SortedEdits(replaced.size() + made.size());
    int i = 0;
    int j = 0;
    while (i < replaced.size() || j < made.size()) {
      int order = i == replaced.size() ? 1 : j == made.size() ? -1
          : Arrays.compareUnsigned(replaced.get(i), made.get(j).lastKey());
      if (order < 0) {
        edits.add(replaced.get(i++), null);
      } else {
        if (order == 0) {
          i++;
        }
        LevelWriter.Chunk chunk = made.get(j++);
        edits.add(chunk.lastKey(), chunk.parentValue());
      }
    }
    return edits;
  }
}

package io.prolly.tree;

import io.prolly.spi.Hash;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Cuts a stream of entries of one level into nodes where the {@link Chunker} says, and hands
 * each node on as a {@link Chunk}. It writes nothing itself: the caller decides what to store.
 *
 * <p>Not thread-safe.
 */
final class LevelWriter {

  /**
   * A node just made.
   *
   * @param hash the node's id
   * @param bytes its encoding
   * @param lastKey its last key, which is its key in its parent
   * @param size its number of entries
   * @param count the number of entries in its subtree
   */
  record Chunk(Hash hash, byte[] bytes, byte[] lastKey, int size, long count) {

    /** Returns the value of this node's entry in its parent. */
    byte[] parentValue() {
      return new ChildRef(hash, count).toValue();
    }
  }

  private final int level;
  private final Chunker chunker;
  private final Consumer<Chunk> output;
  private final List<byte[]> keys = new ArrayList<>();
  private final List<byte[]> values = new ArrayList<>();
  private long count;

  /**
   * More levels than any tree whose internal nodes hold two entries or more can have (it would
   * hold 2^64 entries); reaching it means the rules let every internal node end after one entry.
   */
  static final int MAX_LEVEL = 64;

  LevelWriter(TreeConfig config, int level, Consumer<Chunk> output) {
    if (level > MAX_LEVEL) {
      throw new IllegalArgumentException("the tree rules " + config + " cannot hold these keys: internal nodes do "
          + "not get fewer from level to level, so the tree would need more than " + MAX_LEVEL + " levels. Give "
          + "nodes room for two internal entries: a maxNodeSize of at least twice the longest key plus "
          + 2 * ChildRef.SIZE + " bytes");
    }
    this.level = level;
    this.chunker = new Chunker(config, level);
    this.output = output;
  }

  /** Appends an entry, whose key must be greater than every key appended before. */
  void add(byte[] key, byte[] value) {
    keys.add(key);
    values.add(value);
    count += level == 0 ? 1 : ChildRef.countOf(value);
    if (chunker.append(key, key.length + value.length)) {
      emit();
    }
  }

  /** Tells whether the last entry ended a node, so that the next one starts a new node. */
  boolean atBoundary() {
    return keys.isEmpty();
  }

  /** Ends the last node, if it has entries; it ends there for want of entries, not by the chunker. */
  void finish() {
    if (!keys.isEmpty()) {
      emit();
      chunker.reset();
    }
  }

  private void emit() {
    byte[] bytes = NodeFormat.encode(level, keys, values);
    output.accept(new Chunk(Hash.of(bytes), bytes, keys.get(keys.size() - 1), keys.size(), count));
    keys.clear();
    values.clear();
    count = 0;
  }
}

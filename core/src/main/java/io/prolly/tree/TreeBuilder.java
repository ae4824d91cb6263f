package io.prolly.tree;

import io.prolly.spi.Hash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Builds a tree, or the levels of a tree from some level up, from entries in increasing key
 * order, in one pass: each level's nodes are handed to the level above as they are made, so the
 * cost is linear and the memory one open node per level.
 *
 * <p>A level above is started only when its level below has made a second node. Otherwise a
 * lone node below could give a useless one-child node above, written before the builder knew
 * the lone node was the root.
 *
 * <p>Not thread-safe.
 */
final class TreeBuilder {

  private final class Level {
    final LevelWriter writer;
    final int index;
    int chunks;
    LevelWriter.@Nullable Chunk first;

    Level(int index) {
      this.index = index;
      this.writer = new LevelWriter(config, baseLevel + index, this::accept);
    }

    void accept(LevelWriter.Chunk chunk) {
      sink.put(chunk.hash(), chunk.bytes());
      chunks++;
      if (chunks == 1) {
        first = chunk;
        return;
      }
      Level above = above();
      if (chunks == 2) {
        above.writer.add(first.lastKey(), first.parentValue());
      }
      above.writer.add(chunk.lastKey(), chunk.parentValue());
    }

    Level above() {
      if (levels.size() == index + 1) {
        levels.add(new Level(index + 1));
      }
      return levels.get(index + 1);
    }
  }

  private final TreeConfig config;
  private final NodeSink sink;
  private final int baseLevel;
  private final List<Level> levels = new ArrayList<>();
  private byte @Nullable [] lastKey;

  TreeBuilder(TreeConfig config, NodeSink sink, int baseLevel) {
    this.config = config;
    this.sink = sink;
    this.baseLevel = baseLevel;
    levels.add(new Level(0));
  }

  /**
   * Appends an entry of the base level: a {@link StoredValue stored value} at the leaves, a child
   * reference above.
   *
   * @throws IllegalArgumentException if the key is not greater than the previous one
   */
  void add(byte[] key, byte[] value) {
    if (lastKey != null && Arrays.compareUnsigned(lastKey, key) >= 0) {
      throw new IllegalArgumentException("entries to build a tree from must come in strictly increasing key order "
          + "(unsigned bytes), but key " + Keys.toString(key) + " follows " + Keys.toString(lastKey));
    }
    lastKey = key;
    levels.get(0).writer.add(key, value);
  }

  /** Ends every level and returns the root: the lowest level that made a single node. */
  Hash finish() {
    for (int i = 0; ; i++) {
      Level level = levels.get(i);
      level.writer.finish();
      if (level.chunks == 0) {
        sink.put(NodeFormat.EMPTY_LEAF_HASH, NodeFormat.EMPTY_LEAF);
        return NodeFormat.EMPTY_LEAF_HASH;
      }
      if (level.chunks == 1) {
        return level.first.hash();
      }
    }
  }
}

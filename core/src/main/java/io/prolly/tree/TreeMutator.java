package io.prolly.tree;

import io.prolly.spi.Hash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Applies a sorted batch of puts and deletes to a tree in one pass per level, rewriting only the
 * nodes the edits touch, and gives exactly the tree a {@link TreeBuilder} would build from the
 * resulting entries.
 *
 * <p>Why the result is the same: a node boundary depends only on the entries since the previous
 * boundary (see {@link Chunker}). So at each level a run of re-chunking starts at the first entry
 * of the first node an edit touches, with a fresh chunker, as a build would be at that point; it
 * goes on through the following old nodes until the chunker ends a node exactly where an old node
 * ended, after which the old nodes are what a build would make again. The old nodes a run
 * replaced and the new nodes it made become deletes and puts for the level above, keyed by their
 * last keys, and the same procedure runs there. At the old root level the new nodes decide the
 * height: none is an empty tree, one is the root (minus any one-child internal nodes on top), and
 * several get new levels built above them.
 *
 * <p>Not thread-safe.
 */
final class TreeMutator {

  private final TreeConfig config;
  private final NodeLoader loader;
  private final NodeSink sink;

  TreeMutator(TreeConfig config, NodeLoader loader, NodeSink sink) {
    this.config = config;
    this.loader = loader;
    this.sink = sink;
  }

  /**
   * Applies edits.
   *
   * @param rootId the tree's root
   * @param edits key to new {@link StoredValue stored value}, or to null for a delete, in unsigned key order
   * @return the new root; its nodes are in the sink
   */
  Hash apply(Hash rootId, NavigableMap<byte[], byte @Nullable []> edits) {
    Node root = loader.load(rootId);
    if (edits.isEmpty()) {
      return rootId;
    }
    if (root.size() == 0) {
      return build(edits);
    }
    NavigableMap<byte[], byte @Nullable []> levelEdits = edits;
    for (int level = 0; level < root.level(); level++) {
      Run run = rewrite(root, level, levelEdits);
      run.made.forEach(chunk -> sink.put(chunk.hash(), chunk.bytes()));
      levelEdits = run.parentEdits();
    }
    return newRoot(root.level(), rewrite(root, root.level(), levelEdits).made);
  }

  private Hash build(NavigableMap<byte[], byte @Nullable []> edits) {
    TreeBuilder builder = new TreeBuilder(config, sink, 0);
    edits.forEach((key, value) -> {
      if (value != null) {
        builder.add(key, value);
      }
    });
    return builder.finish();
  }

  /** The outcome of re-chunking one level: the nodes made, and the last keys of the old nodes they replace. */
  private record Run(List<LevelWriter.Chunk> made, List<byte[]> replaced) {

    NavigableMap<byte[], byte @Nullable []> parentEdits() {
      NavigableMap<byte[], byte @Nullable []> edits = new TreeMap<>(Arrays::compareUnsigned);
      replaced.forEach(key -> edits.put(key, null));
      made.forEach(chunk -> edits.put(chunk.lastKey(), chunk.parentValue()));
      return edits;
    }
  }

  private Run rewrite(Node root, int level, NavigableMap<byte[], byte @Nullable []> edits) {
    Run run = new Run(new ArrayList<>(), new ArrayList<>());
    List<Map.Entry<byte[], byte @Nullable []>> pending = new ArrayList<>(edits.entrySet());
    int next = 0;
    while (next < pending.size()) {
      Cursor cursor = Cursor.nodeFor(loader, root, level, pending.get(next).getKey());
      LevelWriter writer = new LevelWriter(config, level, run.made::add);
      while (true) {
        Node node = cursor.node();
        boolean last = cursor.isLastNode();
        next = merge(node, last, pending, next, writer);
        run.replaced.add(node.key(node.size() - 1));
        if (last) {
          writer.finish();
          break;
        }
        if (writer.atBoundary()) {
          break; // back in step with the old boundaries: the following old nodes stay as they are
        }
        cursor.nextNode();
      }
    }
    return run;
  }

  /**
   * Writes a node's entries merged with the edits that fall into it: those up to its last key,
   * or all that are left if it is the last node of its level.
   *
   * @return the index of the first edit not consumed
   */
  private static int merge(Node node, boolean last, List<Map.Entry<byte[], byte @Nullable []>> edits, int next,
      LevelWriter writer) {
    byte[] lastKey = node.key(node.size() - 1);
    int i = 0;
    while (true) {
      boolean editHere = next < edits.size()
          && (last || Arrays.compareUnsigned(edits.get(next).getKey(), lastKey) <= 0);
      if (!editHere && i == node.size()) {
        return next;
      }
      int order = !editHere ? -1 : i == node.size() ? 1 : node.compareKey(i, edits.get(next).getKey());
      if (order < 0) {
        writer.add(node.key(i), node.entryValue(i));
        i++;
      } else {
        if (order == 0) {
          i++; // the edit replaces or deletes this entry
        }
        byte[] value = edits.get(next).getValue();
        if (value != null) {
          writer.add(edits.get(next).getKey(), value);
        }
        next++;
      }
    }
  }

  private Hash newRoot(int rootLevel, List<LevelWriter.Chunk> top) {
    if (top.isEmpty()) {
      sink.put(NodeFormat.EMPTY_LEAF_HASH, NodeFormat.EMPTY_LEAF);
      return NodeFormat.EMPTY_LEAF_HASH;
    }
    if (top.size() == 1) {
      LevelWriter.Chunk only = top.get(0);
      if (rootLevel == 0 || only.size() > 1) {
        sink.put(only.hash(), only.bytes());
        return only.hash();
      }
      return dropOneChildLevels(ChildRef.fromValue(Node.decode(only.hash(), only.bytes()).entryValue(0)).hash());
    }
    TreeBuilder above = new TreeBuilder(config, sink, rootLevel + 1);
    for (LevelWriter.Chunk chunk : top) {
      sink.put(chunk.hash(), chunk.bytes());
      above.add(chunk.lastKey(), chunk.parentValue());
    }
    return above.finish();
  }

  /** A build makes no internal node with a single child at the top: go down to the first real root. */
  private Hash dropOneChildLevels(Hash id) {
    Node node = loader.load(id);
    while (!node.isLeaf() && node.size() == 1) {
      sink.discard(node.id());
      node = loader.load(node.child(0));
    }
    return node.id();
  }
}

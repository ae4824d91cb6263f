package io.prolly.tree;

import io.prolly.spi.Hash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
   * @param edits the edits, their values in {@link StoredValue stored form}
   * @return the new root; its nodes are in the sink
   */
  Hash apply(Hash rootId, SortedEdits edits) {
    Node root = loader.load(rootId);
    if (edits.isEmpty()) {
      return rootId;
    }
    if (root.size() == 0) {
      return build(edits);
    }
    SortedEdits levelEdits = edits;
    for (int level = 0; level < root.level(); level++) {
      Run run = rewrite(root, level, levelEdits);
      run.made.forEach(chunk -> sink.put(chunk.hash(), chunk.bytes()));
      levelEdits = SortedEdits.forParents(run.replaced, run.made);
    }
    return newRoot(root.level(), rewrite(root, root.level(), levelEdits).made);
  }

  private Hash build(SortedEdits edits) {
    TreeBuilder builder = new TreeBuilder(config, sink, 0);
    for (int i = 0; i < edits.size(); i++) {
      byte[] value = edits.value(i);
      if (value != null) {
        builder.add(edits.key(i), value);
      }
    }
    return builder.finish();
  }

  /** The outcome of re-chunking one level: the nodes made, and the last keys of the old nodes they replace. */
  private record Run(List<LevelWriter.Chunk> made, List<byte[]> replaced) { }

  private Run rewrite(Node root, int level, SortedEdits pending) {
    Run run = new Run(new ArrayList<>(), new ArrayList<>());
    int next = 0;
    while (next < pending.size()) {
      Cursor cursor = Cursor.nodeFor(loader, root, level, pending.key(next));
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
  private static int merge(Node node, boolean last, SortedEdits edits, int next, LevelWriter writer) {
    byte[] lastKey = node.key(node.size() - 1);
    int i = 0;
    while (true) {
      boolean editHere = next < edits.size()
          && (last || Arrays.compareUnsigned(edits.key(next), lastKey) <= 0);
      if (!editHere && i == node.size()) {
        return next;
      }
      int order = !editHere ? -1 : i == node.size() ? 1 : node.compareKey(i, edits.key(next));
      if (order < 0) {
        writer.add(node.key(i), node.entryValue(i));
        i++;
      } else {
        if (order == 0) {
          i++; // the edit replaces or deletes this entry
        }
        byte[] value = edits.value(next);
        if (value != null) {
          writer.add(edits.key(next), value);
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

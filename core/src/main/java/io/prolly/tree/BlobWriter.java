package io.prolly.tree;

import io.prolly.spi.Hash;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores a large value as a blob: chunks cut by {@link BlobChunker}, and above them levels of
 * index nodes until one node holds the rest, which is the blob's root (a single chunk is its own
 * root). An index level is cut with the tree's {@link Chunker}, on the hashes of its children and
 * with fixed {@link #INDEX_RULES}, so its boundaries too depend only on content: an edit that
 * changes a few chunks changes the index nodes above them and no others.
 *
 * <p>The blob depends on the value's bytes alone, not on the tree or its config, so equal values
 * share their nodes across keys, versions and trees.
 *
 * <p>Not thread-safe.
 */
final class BlobWriter {

  /**
   * How index levels are cut: nodes of 512 B to 16 KiB of 40-byte child references, about 100
   * children on average, so that a 2 GiB value needs three index levels. Part of the format.
   */
  static final TreeConfig INDEX_RULES = new TreeConfig(512, 4096, 16 * 1024, 4, 0);

  private final NodeSink sink;

  BlobWriter(NodeSink sink) {
    this.sink = sink;
  }

  /** Writes a value's nodes to the sink and returns the reference to them. */
  BlobRef write(byte[] value) {
    Require.state(value.length > 0, "an empty value is never a blob");
    List<ChildRef> level = new ArrayList<>();
    for (int start = 0, end; start < value.length; start = end) {
      end = BlobChunker.chunkEnd(value, start);
      level.add(new ChildRef(put(NodeFormat.encodeBlobChunk(value, start, end)), end - start));
    }
    for (int height = 1; level.size() > 1; height++) {
      level = writeIndexLevel(height, level);
    }
    return new BlobRef(level.get(0).hash(), value.length);
  }

  /** Cuts a level's children into index nodes and returns the references to those nodes. */
  private List<ChildRef> writeIndexLevel(int height, List<ChildRef> children) {
    Chunker chunker = new Chunker(INDEX_RULES, height);
    List<List<ChildRef>> groups = new ArrayList<>();
    List<ChildRef> group = new ArrayList<>();
    for (ChildRef child : children) {
      group.add(child);
      if (chunker.append(child.hash().toBytes(), ChildRef.SIZE)) {
        groups.add(group);
        group = new ArrayList<>();
      }
    }
    if (group.size() == 1 && !groups.isEmpty()) {
      // An index node needs two children: a lone last child joins the node before it.
      groups.get(groups.size() - 1).add(group.get(0));
    } else if (!group.isEmpty()) {
      groups.add(group);
    }
    List<ChildRef> parents = new ArrayList<>();
    for (List<ChildRef> members : groups) {
      List<byte[]> refs = new ArrayList<>();
      long length = 0;
      for (ChildRef member : members) {
        refs.add(member.toValue());
        length += member.count();
      }
      parents.add(new ChildRef(put(NodeFormat.encodeBlobIndex(height, refs)), length));
    }
    return parents;
  }

  private Hash put(byte[] node) {
    Hash id = Hash.of(node);
    sink.put(id, node);
    return id;
  }
}

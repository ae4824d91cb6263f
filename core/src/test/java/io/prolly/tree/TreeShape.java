package io.prolly.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The nodes of a tree level by level, read from a store, with the structural checks every tree
 * must pass: levels, counts and separator keys agree between parents and children.
 */
final class TreeShape {

  /** levels.get(0) are the leaves, the last level holds only the root. */
  final List<List<Node>> levels = new ArrayList<>();

  private TreeShape() {}

  static TreeShape of(TreeFixture fixture, Tree tree) {
    return fixture.readNodes(loader -> {
      TreeShape shape = new TreeShape();
      List<Node> level = List.of(loader.load(tree.root()));
      while (true) {
        shape.levels.add(0, level);
        if (level.get(0).isLeaf()) {
          return shape;
        }
        List<Node> below = new ArrayList<>();
        for (Node parent : level) {
          for (int i = 0; i < parent.size(); i++) {
            Node child = loader.load(parent.child(i));
            assertThat(child.level()).isEqualTo(parent.level() - 1);
            assertThat(child.count()).isEqualTo(parent.childCount(i));
            assertThat(child.key(child.size() - 1)).isEqualTo(parent.key(i));
            below.add(child);
          }
        }
        level = below;
      }
    });
  }

  int height() {
    return levels.size();
  }

  /** The bytes a node counts for in the chunker: its keys and values, child references being 40 bytes. */
  static int chunkedSize(Node node) {
    int size = 0;
    for (int i = 0; i < node.size(); i++) {
      size += entrySize(node, i);
    }
    return size;
  }

  static int entrySize(Node node, int i) {
    return node.keyLength(i) + node.entryValue(i).length;
  }

  double averageLeafBytes() {
    return levels.get(0).stream().mapToInt(node -> node.bytes().length).average().orElse(0);
  }

  /** Checks that every node but the last of its level ended by the chunker's size rules. */
  void checkNodeSizes(TreeConfig config) {
    for (List<Node> level : levels) {
      for (int n = 0; n < level.size(); n++) {
        Node node = level.get(n);
        if (node.size() == 0) {
          continue; // the empty tree's root
        }
        int size = chunkedSize(node);
        int beforeLast = size - entrySize(node, node.size() - 1);
        assertThat(beforeLast).as("node size before its last entry, level %d", node.level())
            .isLessThanOrEqualTo(config.maxNodeSize());
        if (n < level.size() - 1) {
          assertThat(size).as("size of node %d of %d at level %d", n, level.size(), node.level())
              .isGreaterThanOrEqualTo(config.minNodeSize());
        }
      }
      assertThat(level.stream().map(Node::id).distinct().count()).isLessThanOrEqualTo(level.size());
    }
    Node root = levels.get(levels.size() - 1).get(0);
    assertThat(root.isLeaf() || root.size() >= 2).as("an internal root has two children or more").isTrue();
  }

  @Override
  public String toString() {
    int[] nodesPerLevel = levels.stream().mapToInt(List::size).toArray();
    return "height " + height() + ", nodes per level " + Arrays.toString(nodesPerLevel);
  }
}

package io.prolly.tree;

/**
 * A position in a tree: the path of nodes from the root down to a node at a chosen level, and at
 * the leaf level an entry within the leaf. It moves from node to node along its level across
 * parents, which is what iteration and edits need.
 *
 * <p>An entry cursor (level 0) is either on an entry or {@linkplain #isValid() invalid}, past
 * either end. Not thread-safe.
 */
final class Cursor {

  @FunctionalInterface
  private interface Choice {
    /** Returns the child (or, at the cursor's level, the entry) to go to in a node. */
    int pick(Node node);
  }

  private final NodeLoader loader;
  private final int level;
  private final Node[] path;
  private final int[] index;
  private boolean valid = true;

  private Cursor(NodeLoader loader, Node root, int level) {
    Require.state(level <= root.level(), "level %d is above the root at level %d", level, root.level());
    this.loader = loader;
    this.level = level;
    this.path = new Node[root.level() + 1];
    this.index = new int[root.level() + 1];
    path[root.level()] = root;
  }

  /** Places a cursor on the node of {@code level} whose key range holds {@code key}. */
  static Cursor nodeFor(NodeLoader loader, Node root, int level, byte[] key) {
    Cursor cursor = new Cursor(loader, root, level);
    cursor.descend(root.level(), node -> node.childFor(key));
    return cursor;
  }

  /** Places a cursor on the first entry whose key is at least {@code key}. */
  static Cursor ceiling(NodeLoader loader, Node root, byte[] key) {
    Cursor cursor = new Cursor(loader, root, 0);
    cursor.descend(root.level(), node -> node.isLeaf() ? node.lowerBound(key) : node.childFor(key));
    if (cursor.index[0] == cursor.path[0].size()) {
      // Every key of the leaf is smaller, so it is the last leaf: step from its last entry past the end.
      cursor.index[0]--;
      cursor.advance();
    }
    return cursor;
  }

  static Cursor first(NodeLoader loader, Node root) {
    Cursor cursor = new Cursor(loader, root, 0);
    cursor.descend(root.level(), node -> 0);
    cursor.valid = root.size() > 0;
    return cursor;
  }

  static Cursor last(NodeLoader loader, Node root) {
    Cursor cursor = new Cursor(loader, root, 0);
    cursor.descend(root.level(), node -> node.size() - 1);
    cursor.valid = root.size() > 0;
    return cursor;
  }

  Node node() {
    return path[level];
  }

  /** Tells whether {@link #node()} is the last node of its level. */
  boolean isLastNode() {
    for (int l = level + 1; l < path.length; l++) {
      if (index[l] < path[l].size() - 1) {
        return false;
      }
    }
    return true;
  }

  /**
   * Moves to the next node of the cursor's level, to its first entry.
   *
   * @return false, leaving the cursor where it was, if this is the last node of the level
   */
  boolean nextNode() {
    for (int l = level + 1; l < path.length; l++) {
      if (index[l] < path[l].size() - 1) {
        index[l]++;
        loadBelow(l - 1, node -> 0);
        return true;
      }
    }
    return false;
  }

  /** Moves to the previous node of the cursor's level, to its last entry; false if there is none. */
  boolean previousNode() {
    for (int l = level + 1; l < path.length; l++) {
      if (index[l] > 0) {
        index[l]--;
        loadBelow(l - 1, node -> node.size() - 1);
        return true;
      }
    }
    return false;
  }

  boolean isValid() {
    return valid;
  }

  byte[] key() {
    return path[0].key(index[0]);
  }

  byte[] value() {
    return path[0].value(index[0]);
  }

  /** Moves to the next entry, or becomes invalid after the last. */
  void advance() {
    if (++index[0] >= path[0].size()) {
      valid = nextNode();
      index[0] = valid ? 0 : path[0].size();
    }
  }

  /** Moves to the previous entry, or becomes invalid before the first. */
  void retreat() {
    if (--index[0] < 0) {
      valid = previousNode();
      index[0] = valid ? path[0].size() - 1 : -1;
    }
  }

  /** Picks in {@code path[from]}, which is loaded, then loads and picks down to the cursor's level. */
  private void descend(int from, Choice choice) {
    index[from] = choice.pick(path[from]);
    loadBelow(from - 1, choice);
  }

  /** Loads the nodes of levels {@code from} down to the cursor's level along the picked children. */
  private void loadBelow(int from, Choice choice) {
    for (int l = from; l >= level; l--) {
      path[l] = loader.load(path[l + 1].child(index[l + 1]));
      index[l] = choice.pick(path[l]);
    }
  }
}

package io.prolly.tree;

import io.prolly.spi.support.Arguments;
import io.prolly.spi.Hash;
import java.util.Arrays;

/**
 * A tree: the hash of its root node and the rules it was chunked with. A value; the nodes live in
 * a {@link io.prolly.spi.NodeStore}, read with a {@link TreeReader} and changed with a
 * {@link TreeWriter}, which returns a new {@code Tree} and leaves this one as it was.
 *
 * <p>Two trees with the same config hold the same entries if and only if their roots are equal.
 * Immutable and thread-safe.
 *
 * @param root the hash of the root node
 * @param config the rules the tree was written with, and must be edited with
 */
public record Tree(Hash root, TreeConfig config) {

  /**
   * Checks the components.
   *
   * @throws IllegalArgumentException if a component is null
   */
  public Tree {
    Arguments.check(root != null, "tree root is null");
    Arguments.check(config != null, "tree config is null");
  }

  /**
   * Returns the empty tree. Its root node need not be in a store to be read.
   *
   * @param config the rules the tree will be written with
   * @return a tree without entries
   * @throws IllegalArgumentException if {@code config} is null
   */
  public static Tree empty(TreeConfig config) {
    return new Tree(NodeFormat.EMPTY_LEAF_HASH, config);
  }

  /**
   * Encodes this tree, to be stored where trees are registered (a namespace registry, a commit).
   *
   * @return the 32 bytes of the root hash followed by {@link TreeConfig#toBytes() the config}
   */
  public byte[] toBytes() {
    byte[] config = this.config.toBytes();
    byte[] bytes = Arrays.copyOf(root.toBytes(), Hash.LENGTH + config.length);
    System.arraycopy(config, 0, bytes, Hash.LENGTH, config.length);
    return bytes;
  }

  /**
   * Decodes a tree written by {@link #toBytes()}.
   *
   * @param bytes the encoded tree
   * @return the tree
   * @throws IllegalArgumentException if {@code bytes} is null or not an encoded tree
   */
  public static Tree fromBytes(byte[] bytes) {
    Arguments.check(bytes != null && bytes.length > Hash.LENGTH, "not an encoded tree: too short");
    TreeConfig config = TreeConfig.fromBytes(Arrays.copyOfRange(bytes, Hash.LENGTH, bytes.length));
    return new Tree(Hash.fromBytes(bytes, 0), config);
  }

  /**
   * Tells whether the tree has no entries, without reading anything.
   *
   * @return true for the empty tree
   */
  public boolean isEmpty() {
    return root.equals(NodeFormat.EMPTY_LEAF_HASH);
  }
}

package io.prolly.tree;

import io.prolly.spi.support.Arguments;
import io.prolly.error.CorruptNodeException;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Checks trees node by node, the way fsck does: every node present, hashing to its id and
 * well-formed; every internal node's levels, subtree counts and last keys agreeing with its
 * children; every large value's chunks present, intact and as long as its leaf says. Problems are
 * reported, not thrown, so one run lists them all. A subtree shared by several trees is checked
 * once per verifier.
 *
 * <p>Not thread-safe; use one per thread.
 */
public final class TreeVerifier {

  private final ReadTransaction tx;
  private final ValueReader blobs;
  private final BiConsumer<Hash, String> problems;
  private final Map<Hash, Summary> checked = new HashMap<>();
  private long nodes;
  private long bytes;

  /**
   * Creates a verifier.
   *
   * @param tx the transaction to read through
   * @param problems told about each problem: the node's id and what is wrong with it
   * @throws IllegalArgumentException if an argument is null
   */
  public TreeVerifier(ReadTransaction tx, BiConsumer<Hash, String> problems) {
    Arguments.check(tx != null && problems != null, "transaction and problem sink must be non-null");
    this.tx = tx;
    this.problems = problems;
    this.blobs = new ValueReader(new NodeLoader(tx, NodeCache.create(0, true), null));
  }

  /**
   * Checks a tree.
   *
   * @param tree the tree
   * @return true if no problem was found in it
   * @throws IllegalArgumentException if the tree is null
   */
  public boolean verify(Tree tree) {
    Arguments.check(tree != null, "tree is null");
    if (tree.isEmpty()) {
      return true;
    }
    return check(tree.root(), tree.config(), true) != null;
  }

  /**
   * Returns how many distinct nodes were read so far; a large value counts as one.
   *
   * @return the node count
   */
  public long nodesChecked() {
    return nodes;
  }

  /**
   * Returns how many bytes of nodes and large values were read so far.
   *
   * @return the byte count
   */
  public long bytesChecked() {
    return bytes;
  }

  /** What a subtree looked like when it was checked; null in the map for a damaged one. */
  private record Summary(int level, long count, byte[] lastKey) {}

  private @Nullable Summary check(Hash id, TreeConfig config, boolean rightmost) {
    if (checked.containsKey(id)) {
      return checked.get(id);
    }
    Summary summary = checkNode(id, config, rightmost);
    checked.put(id, summary);
    return summary;
  }

  /** Checks a node; {@code rightmost} says whether it is the last of its level, the one node that may be small. */
  private @Nullable Summary checkNode(Hash id, TreeConfig config, boolean rightmost) {
    byte[] node = read(id);
    if (node == null) {
      return null;
    }
    Node decoded;
    try {
      decoded = Node.decode(id, node);
    } catch (CorruptNodeException e) {
      problems.accept(id, e.getMessage());
      return null;
    }
    if (decoded.size() == 0) {
      problems.accept(id, "a stored tree node holds no entries");
      return null;
    }
    boolean intact = checkSize(id, decoded, config, rightmost);
    if (decoded.isLeaf()) {
      for (int i = 0; i < decoded.size(); i++) {
        intact &= checkValue(id, decoded.value(i));
      }
    } else {
      for (int i = 0; i < decoded.size(); i++) {
        Summary child = check(decoded.child(i), config, rightmost && i == decoded.size() - 1);
        if (child == null) {
          intact = false;
        } else if (child.level() != decoded.level() - 1 || child.count() != decoded.childCount(i)
            || !Arrays.equals(child.lastKey(), decoded.key(i))) {
          problems.accept(id, "child " + i + " (" + decoded.child(i).toShortHex() + ") is a level-" + child.level()
              + " subtree of " + child.count() + " entries, but this level-" + decoded.level()
              + " node records " + decoded.childCount(i) + " entries and another last key");
          intact = false;
        }
      }
    }
    return intact ? new Summary(decoded.level(), decoded.count(), decoded.key(decoded.size() - 1)) : null;
  }

  /**
   * Checks a node's size against its rules the way the chunker cut it: no boundary before
   * {@code minNodeSize} bytes (except at the end of a level) and one as soon as a node passes
   * {@code maxNodeSize}, so only its last entry may take it over.
   */
  private boolean checkSize(Hash id, Node node, TreeConfig config, boolean rightmost) {
    long size = 0;
    int last = 0;
    for (int i = 0; i < node.size(); i++) {
      last = node.keyLength(i) + (node.isLeaf() ? node.value(i).length : ChildRef.SIZE);
      size += last;
    }
    if (!rightmost && size < config.minNodeSize()) {
      problems.accept(id, "a level-" + node.level() + " node of " + size + " bytes of entries ends before the "
          + config.minNodeSize() + "-byte minimum of its tree's rules although nodes follow it");
      return false;
    }
    if (size - last > config.maxNodeSize()) {
      problems.accept(id, "a level-" + node.level() + " node already held " + (size - last)
          + " bytes of entries before its last one, over the " + config.maxNodeSize() + "-byte maximum of its tree's rules");
      return false;
    }
    return true;
  }

  private boolean checkValue(Hash leaf, byte[] stored) {
    if (!StoredValue.isBlob(stored)) {
      return true;
    }
    BlobRef ref = BlobRef.fromStored(stored);
    if (checked.containsKey(ref.root())) {
      return checked.get(ref.root()) != null;
    }
    boolean intact = true;
    try (InputStream in = blobs.stream(stored)) {
      byte[] buffer = new byte[64 * 1024];
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        bytes += read;
      }
    } catch (CorruptNodeException e) {
      problems.accept(leaf, "its large value in blob " + ref.root().toShortHex() + " is damaged: " + e.getMessage());
      intact = false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    nodes++;
    checked.put(ref.root(), intact ? new Summary(-1, 0, new byte[0]) : null);
    return intact;
  }

  private byte @Nullable [] read(Hash id) {
    byte[] node = tx.get(id);
    if (node == null) {
      problems.accept(id, "missing: a tree refers to it but the store does not have it");
      return null;
    }
    nodes++;
    bytes += node.length;
    if (!Hash.of(node).equals(id)) {
      problems.accept(id, "damaged: its " + node.length + " bytes hash to " + Hash.of(node).toShortHex());
      return null;
    }
    return node;
  }
}

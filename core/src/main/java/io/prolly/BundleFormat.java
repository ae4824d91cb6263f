package io.prolly;

import io.prolly.commit.RefNames;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.RefName;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * The byte layout of a bundle file, version 1: the branches and tags it carries and the nodes
 * their commits need. All integers are big-endian; strings are UTF-8.
 *
 * <pre>
 * "PBND"  version:1                              uncompressed, so that a file is recognised
 *                                                without inflating anything
 * zlib stream (RFC 1950, java.util.zip.Deflater) holding:
 *   header:
 *     refCount:4                                 0 to {@value #MAX_REFS}
 *     (nameLength:2 name commit:32) ...          full ref names (heads/&lt;branch&gt;,
 *                                                tags/&lt;tag&gt;), strictly ascending
 *     prerequisiteCount:4                        0 to {@value #MAX_PREREQUISITES}
 *     prerequisite:32 ...                        commits the receiver must already have,
 *                                                strictly ascending
 *     nodeCount:8
 *   nodes, nodeCount times:
 *     id:32  length:4  bytes                     length 0 to NodeStore.MAX_NODE_SIZE;
 *                                                SHA-256 of the bytes is the id; no id twice
 *   trailer:
 *     checksum:32                                SHA-256 of every byte before it, from "PBND" on
 * end of the zlib stream, end of the file
 * </pre>
 *
 * <p>An <em>incremental</em> bundle lists prerequisites: commits the exporter was told the
 * receiver has. Its nodes are what the refs need beyond those commits' closure, and the receiver
 * must hold every prerequisite before importing it, as with git bundles.
 *
 * <p>Why these choices. Deflate is in every JDK and needs no native code; nodes compress well
 * (sorted keys with shared prefixes); zstd would be faster but would add a native dependency to
 * the core. The header carries the node count so that a reader knows when the nodes end and
 * bounds what it accepts; every variable size is bounded before anything is allocated, because a
 * bundle is untrusted input. The trailer checksum covers everything, so a truncated or damaged
 * file is recognised as a whole, even where each node still hashes to its id; it is SHA-256
 * rather than a CRC so that it also names the bundle (a receiver can compare it with a published
 * one). Neither the checksum nor zlib's own Adler-32 is a signature: whoever can write the file
 * can recompute them, which is why an import also checks every node's hash and that the refs'
 * history is complete.
 */
final class BundleFormat {

  static final byte[] MAGIC = {'P', 'B', 'N', 'D'};
  static final byte VERSION = 1;
  /** The most refs one bundle may carry. */
  static final int MAX_REFS = 1 << 20;
  /** The most prerequisite commits one bundle may list. */
  static final int MAX_PREREQUISITES = 1 << 20;
  static final int MAX_NODE_SIZE = NodeStore.MAX_NODE_SIZE;
  static final int MAX_REF_BYTES = RefName.MAX_BYTES;

  /**
   * The header of a bundle.
   *
   * @param refs full ref name to commit
   * @param prerequisites commits the receiver must have
   * @param nodeCount how many nodes follow
   */
  record Header(SortedMap<String, Hash> refs, SortedSet<Hash> prerequisites, long nodeCount) {}

  private BundleFormat() {}

  /**
   * Checks that a ref name is one a bundle may carry: a branch or a tag with a valid name.
   *
   * @return the name
   * @throws IllegalArgumentException if it is not
   */
  static String checkRef(String ref) {
    if (ref.startsWith(RefNames.BRANCHES)) {
      RefNames.check("branch", ref.substring(RefNames.BRANCHES.length()));
    } else if (ref.startsWith(RefNames.TAGS)) {
      RefNames.check("tag", ref.substring(RefNames.TAGS.length()));
    } else {
      throw new IllegalArgumentException("'" + ref + "' is neither a branch (heads/<name>) nor a tag (tags/<name>); "
          + "bundles carry only branches and tags");
    }
    return ref;
  }

  /** A new SHA-256 digest for the trailer, fed the magic and version already. */
  static MessageDigest checksum() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(MAGIC);
      digest.update(VERSION);
      return digest;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}

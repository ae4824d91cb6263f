package io.prolly;

import io.prolly.error.CorruptNodeException;
import io.prolly.commit.Commit;
import io.prolly.commit.CommitGraph;
import io.prolly.commit.CommitSource;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes one bundle (see {@link BundleFormat}) from one read transaction, so the bundle shows the
 * repository at one instant.
 *
 * <p>What an incremental bundle leaves out: commits reachable from an excluded commit, and the
 * nodes of the excluded commits' own trees. Those trees are walked in full, so the cost is
 * proportional to the data at the excluded commits plus the new data, not to their history.
 * Nodes shared only with older history of the receiver are sent again, which is harmless (storing
 * a node twice does nothing); a walk of both trees side by side, pruning equal subtrees, would
 * read only what changed, at the price of aligning the trees level by level.
 */
final class BundleWriter {

  private static final int BUFFER = 64 * 1024;

  private final ReadTransaction tx;
  private final CommitSource commits;

  BundleWriter(ReadTransaction tx) {
    this.tx = tx;
    this.commits = CommitSource.of(tx);
  }

  BundleReport write(OutputStream out, SortedMap<String, Hash> refs, Collection<Hash> exclude) {
    long start = System.nanoTime();
    SortedSet<Hash> prerequisites = new TreeSet<>(exclude);
    Set<Hash> nodes = nodesToSend(refs.values(), prerequisites);
    MessageDigest digest = BundleFormat.checksum();
    Deflater deflater = new Deflater();
    try {
      out.write(BundleFormat.MAGIC);
      out.write(BundleFormat.VERSION);
      DeflaterOutputStream deflating = new DeflaterOutputStream(out, deflater, BUFFER);
      DigestOutputStream digesting = new DigestOutputStream(deflating, digest);
      DataOutputStream data = new DataOutputStream(digesting);
      writeHeader(data, refs, prerequisites, nodes.size());
      long nodeBytes = 0;
      for (Hash id : nodes) {
        byte[] node = tx.get(id);
        if (node == null) {
          throw new CorruptNodeException(id, "node " + id.toShortHex()
              + " is missing although a commit being exported refers to it; verify the repository");
        }
        data.write(id.toBytes());
        data.writeInt(node.length);
        data.write(node);
        nodeBytes += node.length;
      }
      data.flush();
      Hash checksum = Hash.fromBytes(digest.digest());
      deflating.write(checksum.toBytes());
      deflating.finish();
      out.flush();
      return new BundleReport(refs, new TreeSet<>(), nodes.size(), nodeBytes,
          BundleFormat.MAGIC.length + 1 + deflater.getBytesWritten(), checksum,
          Duration.ofNanos(System.nanoTime() - start));
    } catch (IOException e) {
      throw new UncheckedIOException("writing the bundle failed: " + e.getMessage(), e);
    } finally {
      deflater.end();
    }
  }

  /** The commits the refs reach beyond the excluded ones, and the nodes of their trees. */
  private Set<Hash> nodesToSend(Collection<Hash> heads, Collection<Hash> exclude) {
    Set<Hash> receiverNodes = new HashSet<>();
    CommitTrees trees = new CommitTrees(tx);
    for (Hash id : exclude) {
      trees.walk(commits.read(id).root(), receiverNodes::add);
    }
    Set<Hash> nodes = new LinkedHashSet<>(new CommitGraph(commits).difference(heads, exclude).commits());
    for (Hash id : new ArrayList<>(nodes)) {
      trees.walk(commits.read(id).root(), node -> !receiverNodes.contains(node) && nodes.add(node));
    }
    return nodes;
  }

  private static void writeHeader(DataOutputStream data, SortedMap<String, Hash> refs, SortedSet<Hash> prerequisites,
      long nodeCount) throws IOException {
    data.writeInt(refs.size());
    for (Map.Entry<String, Hash> ref : refs.entrySet()) {
      byte[] name = ref.getKey().getBytes(StandardCharsets.UTF_8);
      data.writeShort(name.length);
      data.write(name);
      data.write(ref.getValue().toBytes());
    }
    data.writeInt(prerequisites.size());
    for (Hash prerequisite : prerequisites) {
      data.write(prerequisite.toBytes());
    }
    data.writeLong(nodeCount);
  }
}

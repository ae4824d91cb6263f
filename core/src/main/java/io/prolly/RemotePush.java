package io.prolly;

import io.prolly.commit.CommitGraph;
import io.prolly.commit.CommitSource;
import io.prolly.commit.HistoryDifference;
import io.prolly.error.PartialRepositoryException;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.tree.TreeNodes;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The sending side of a push to a {@link Remote}: finds what the server lacks by asking it, in
 * batches, which of the candidate nodes it has (commits first, then the new commits' trees level
 * by level, pruning at every node it has), then streams exactly those nodes, children before
 * parents, so that the server can check and store each one as it arrives.
 *
 * <p>A node the server has is a complete subtree there (it checks what it stores), except that a
 * registry node may lack the namespaces it names until a commit naming it arrives: so the
 * namespace roots of every new commit are asked about even below a registry the server has,
 * which is what {@link NodeLinks#stored} has the server check.
 */
final class RemotePush {

  /** The most changed nodes asked about in one round before a push walks level by level instead. */
  static final int ONE_ROUND_LIMIT = 65536;

  private final ReadTransaction tx;
  private final Remote remote;
  private final CommitSource commits;
  private final ProgressListener progress;
  private int requests;
  private long looked;

  RemotePush(ReadTransaction tx, CommitSource commits, Remote remote, ProgressListener progress) {
    this.tx = tx;
    this.remote = remote;
    this.commits = commits;
    this.progress = progress;
  }

  /**
   * The nodes the server lacks for {@code head}, children before parents.
   *
   * @param head the commit pushed
   * @param remoteRefs the server's ref values: commits it has with all their history
   */
  List<Hash> missing(Hash head, Collection<Hash> remoteRefs) {
    // A shallow clone's walks end at its boundary; the server must have what lies beyond.
    Set<Hash> shallowParents = PartialRefs.absentParentIds(tx);
    CommitGraph graph = new CommitGraph(commits, shallowParents::contains);
    HistoryDifference difference = graph.difference(List.of(head), remoteRefs.stream().filter(tx::contains).toList());
    Set<Hash> known = difference.known();
    List<Hash> candidates = difference.commits();
    if (shallowParents.isEmpty() && !PartialRefs.read(tx).isPartial()) {
      List<Hash> found = missingInOneRound(candidates, known);
      if (found != null) {
        return found;
      }
    }
    Set<Hash> missing = new LinkedHashSet<>(lacking(candidates));
    Set<Hash> seen = new HashSet<>(candidates);
    List<Hash> frontier = new ArrayList<>();
    List<Hash> beyondBoundary = new ArrayList<>();
    for (Hash commit : List.copyOf(missing)) {
      for (Hash link : NodeLinks.stored(tx, commit, read(commit))) {
        if (shallowParents.contains(link) || !tx.contains(link)) {
          beyondBoundary.add(link); // a partial clone lacks it on purpose: the server must have it
        } else if (!NodeLinks.isCommit(read(link)) && seen.add(link)) {
          frontier.add(link);
        }
      }
    }
    List<Hash> serverLacks = lacking(beyondBoundary);
    if (!serverLacks.isEmpty()) {
      Hash first = serverLacks.get(0);
      throw new PartialRepositoryException(first.toHex(), "cannot push to " + remote + ": the pushed commits refer "
          + "to node " + first.toShortHex() + ", which this partial clone lacks (a parent beyond its shallow boundary, "
          + "or the tree of a namespace it did not fetch) and the server does not have either; nothing was sent. "
          + "Fetch with a greater depth or unshallow ('prolly fetch --unshallow'), then push again");
    }
    while (!frontier.isEmpty()) {
      List<Hash> absent = lacking(frontier);
      missing.addAll(absent);
      frontier = new ArrayList<>();
      for (Hash id : absent) {
        for (Hash child : TreeNodes.references(id, read(id))) {
          if (!TreeNodes.isEmptyTree(child) && seen.add(child)) {
            frontier.add(child);
          }
        }
      }
    }
    return childrenFirst(missing);
  }

  /**
   * The nodes the server lacks, asked about in one round: the new commits, every node of their
   * trees that the trees of their parents the server has do not hold ({@link ChangedNodes}), and
   * those parents themselves. A parent the server holds is a commit stored complete, trees and
   * all, so what the list leaves out is there; whatever the list holds that the server lacks is
   * sent. Null, to walk level by level instead, when no parent is known to be there, the changes
   * are too many to list, or the server lacks a parent after all.
   */
  private @Nullable List<Hash> missingInOneRound(List<Hash> candidates, Set<Hash> known) {
    Set<Hash> base = new LinkedHashSet<>();
    for (Hash commit : candidates) {
      for (Hash parent : commits.read(commit).parents()) {
        if (known.contains(parent)) {
          base.add(parent);
        }
      }
    }
    if (base.isEmpty()) {
      return null;
    }
    ChangedNodes.Found changed = ChangedNodes.between(tx, candidates, base, ONE_ROUND_LIMIT);
    if (!changed.complete()) {
      return null;
    }
    List<Hash> asked = new ArrayList<>(candidates);
    asked.addAll(changed.nodes());
    asked.addAll(base);
    Set<Hash> absent = new HashSet<>(lacking(asked));
    for (Hash parent : base) {
      if (absent.contains(parent)) {
        return null;
      }
    }
    Set<Hash> missing = new LinkedHashSet<>();
    for (Hash id : asked) {
      if (absent.contains(id)) {
        missing.add(id);
      }
    }
    return childrenFirst(missing);
  }

  /** Requests made. */
  int requests() {
    return requests;
  }

  /**
   * The body of a push request: header, the nodes, the end frame; produced as it is read, so that
   * a large push is never held in memory.
   */
  InputStream body(boolean force, String ref, @Nullable Hash expected, Hash value, List<Hash> nodes) {
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(header)) {
      out.writeByte(force ? 1 : 0);
      out.writeShort(1);
      byte[] name = ref.getBytes(StandardCharsets.UTF_8);
      out.writeShort(name.length);
      out.write(name);
      out.write((expected == null ? RemoteProtocol.ZERO : expected).toBytes());
      out.write(value.toBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Iterator<Hash> order = nodes.iterator();
    return new InputStream() {
      private byte[] chunk = header.toByteArray();
      private int position;
      private boolean ended;
      private long sent;
      private long sentBytes;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) {
        while (position == chunk.length) {
          if (!next()) {
            return -1;
          }
        }
        int n = Math.min(length, chunk.length - position);
        System.arraycopy(chunk, position, buffer, offset, n);
        position += n;
        return n;
      }

      private boolean next() {
        if (order.hasNext()) {
          Hash id = order.next();
          byte[] node = read(id);
          chunk = new byte[Hash.LENGTH + 4 + node.length];
          System.arraycopy(id.toBytes(), 0, chunk, 0, Hash.LENGTH);
          int length = node.length;
          chunk[32] = (byte) (length >>> 24);
          chunk[33] = (byte) (length >>> 16);
          chunk[34] = (byte) (length >>> 8);
          chunk[35] = (byte) length;
          System.arraycopy(node, 0, chunk, Hash.LENGTH + 4, node.length);
          // Counted as the node is handed to the connection: what the server has read is at most this.
          sent++;
          sentBytes += node.length;
          if (sent % NodeTransfer.REPORT_EVERY == 0) {
            progress.progress("push", "sending", sent, nodes.size(), sentBytes);
          }
        } else if (!ended) {
          ended = true;
          chunk = RemoteProtocol.ZERO.toBytes();
        } else {
          return false;
        }
        position = 0;
        return true;
      }

      private byte[] read(Hash id) {
        return RemotePush.this.read(id);
      }
    };
  }

  private List<Hash> lacking(List<Hash> ids) {
    List<Hash> absent = new ArrayList<>();
    if (ids.isEmpty()) {
      return absent;
    }
    requests += (ids.size() + remote.haveBatch() - 1) / remote.haveBatch();
    boolean[] held = remote.have(ids);
    for (int i = 0; i < ids.size(); i++) {
      if (!held[i]) {
        absent.add(ids.get(i));
      }
    }
    looked += ids.size();
    progress.progress("push", "looking", looked, -1, 0);
    return absent;
  }

  /** A topological order of the nodes, each after every node of the set it refers to. */
  private List<Hash> childrenFirst(Set<Hash> nodes) {
    List<Hash> order = new ArrayList<>(nodes.size());
    Set<Hash> placed = new HashSet<>();
    Set<Hash> entered = new HashSet<>();
    Deque<Hash> todo = new ArrayDeque<>();
    for (Hash start : nodes) {
      todo.push(start);
      while (!todo.isEmpty()) {
        Hash id = todo.peek();
        if (placed.contains(id)) {
          todo.pop();
        } else if (entered.add(id)) {
          for (Hash link : NodeLinks.stored(tx, id, read(id))) {
            if (nodes.contains(link) && !placed.contains(link)) {
              todo.push(link);
            }
          }
        } else {
          todo.pop();
          placed.add(id);
          order.add(id);
        }
      }
    }
    return order;
  }

  private byte[] read(Hash id) {
    byte[] node = tx.get(id);
    if (node == null) {
      throw new io.prolly.error.CorruptNodeException(id, "node " + id.toShortHex() + " is missing although the "
          + "history being pushed refers to it; verify the repository");
    }
    return node;
  }
}

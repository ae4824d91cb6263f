package io.prolly;

import io.prolly.error.CorruptNodeException;
import io.prolly.error.RemoteException;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.WriteTransaction;
import io.prolly.tree.TreeNodes;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Receives a {@code stream} answer (docs/protocol.md): every node some commits reach, children
 * first, into a repository that lacks them, as a clone does. A thread of its own reads the answer
 * and checks each node on arrival — its length before anything is allocated, its bytes against
 * its id, and everything it refers to must be here already or have come earlier — while the
 * calling thread stores the checked nodes in batches, one transaction each, in the order they
 * came: so whatever a cut leaves behind is a prefix of the stream, complete subtrees, and a retry
 * names the roots of what it holds as haves and gets only the rest. A commit's namespaces are
 * checked as it is stored, against the transaction that stores it, where its registry already is.
 *
 * <p>Holds back this process's garbage collection sweeps until {@link #close}, so stored nodes no
 * ref holds yet survive until the caller's refs hold them. Not thread-safe.
 */
final class CloneStream implements AutoCloseable {

  /** Node bytes per transaction. */
  static final long BATCH_BYTES = 8L << 20;
  /** Nodes per transaction. */
  static final int BATCH_NODES = 4096;
  /** Batches checked and waiting to be stored: what bounds the memory a clone holds. */
  private static final int QUEUED_BATCHES = 2;
  private static final Map<Hash, byte[]> END = Map.of();

  private final Repository local;
  private final Remote remote;
  private final ProgressListener progress;
  private final BlockingQueue<Map<Hash, byte[]>> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
  /** Set by the reading thread when it fails. */
  private volatile @Nullable Throwable failure;
  /** Set by the reading thread once it read the whole answer and found every wanted commit. */
  private volatile boolean whole;
  /** Set by the storing thread when storing failed, to stop the reading one. */
  private volatile boolean stopped;
  /** The nodes of this stream checked so far, stored or queued to be; the reading thread's. */
  private final Set<Hash> received = new HashSet<>();
  /** Node bytes between two progress reports, besides every {@value NodeTransfer#REPORT_EVERY} nodes. */
  private static final long REPORT_BYTES = 64 * 1024;
  /** Written by the reading thread, read once it ended. */
  private long nodes;
  private long bytes;
  private long reported;

  CloneStream(Repository local, Remote remote) {
    this.local = local;
    this.remote = remote;
    this.progress = local.progressListener();
    local.sweepLock().readLock().lock();
  }

  /**
   * The roots of what this repository holds: the nodes no other stored node refers to, at most
   * {@value RemoteProtocol#MAX_HAVES}. Every stored node is a complete subtree, so the server need
   * not enter any of them; nothing stored (a first attempt) costs nothing.
   */
  List<Hash> roots() {
    Set<Hash> stored = new HashSet<>();
    Set<Hash> referred = new HashSet<>();
    // Unverified: these nodes were checked when they were stored.
    try (ReadTransaction tx = local.backend().beginRead()) {
      tx.forEachNode(stored::add);
      for (Hash id : stored) {
        byte[] node = tx.get(id);
        if (node != null) {
          referred.addAll(NodeLinks.stored(tx, id, node));
        }
      }
    }
    List<Hash> roots = new ArrayList<>();
    for (Hash id : stored) {
      if (!referred.contains(id) && roots.size() < RemoteProtocol.MAX_HAVES) {
        roots.add(id); // beyond the limit the server sends again what the rest hold, which is skipped here
      }
    }
    return roots;
  }

  /**
   * Receives everything the wanted commits reach that this repository lacks.
   *
   * @throws RemoteException if the answer is cut off, breaks the protocol, or lacks a wanted commit;
   *     the nodes checked before stay stored
   */
  CloneStream receive(List<Hash> wants, List<Hash> haves) {
    Thread reader = new Thread(() -> {
      try (ReadTransaction snapshot = local.nodeStore().beginRead()) {
        remote.stream(wants, haves, in -> read(in, snapshot));
        for (Hash want : wants) {
          if (!received.contains(want) && !snapshot.contains(want)) {
            throw new RemoteException("the remote " + remote + " ended its stream without commit "
                + want.toShortHex() + ", which it was asked for; nothing incomplete was stored. Verify the remote "
                + "repository", 0, null);
          }
        }
        whole = true;
      } catch (Throwable e) {
        failure = e;
      } finally {
        end();
      }
    }, "prolly-clone-reader");
    reader.setDaemon(true);
    reader.start();
    try {
      store();
    } catch (RuntimeException | Error e) {
      stopped = true;
      queue.clear(); // lets a reader waiting to hand a batch over see that it is to stop
      join(reader);
      throw e;
    }
    join(reader);
    Throwable failed = failure;
    if (failed instanceof RuntimeException e) {
      throw e;
    }
    if (failed instanceof Error e) {
      throw e;
    }
    if (failed != null || !whole) {
      throw new RemoteException("the clone from " + remote + " stopped reading its stream before the end; the nodes "
          + "stored so far are complete subtrees, which a retry skips", 0, failed);
    }
    progress.progress("clone", "receiving", nodes, nodes, bytes);
    return this;
  }

  /** Stores the batches the reading thread hands over, in order, until it ends. */
  private void store() {
    while (true) {
      Map<Hash, byte[]> batch;
      try {
        batch = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RemoteException("interrupted while cloning from " + remote + "; the nodes stored so far are "
            + "complete subtrees, which a retry skips", 0, e);
      }
      if (batch == END) {
        return;
      }
      try (WriteTransaction tx = local.beginWrite()) {
        for (Map.Entry<Hash, byte[]> node : batch.entrySet()) {
          if (NodeLinks.isCommit(node.getValue())) {
            requireCommitLinks(tx, node.getKey(), node.getValue());
          }
          tx.put(node.getKey(), node.getValue());
        }
        tx.commit();
      }
    }
  }

  private void read(DataInputStream in, ReadTransaction snapshot) throws IOException {
    Map<Hash, byte[]> batch = new LinkedHashMap<>();
    long batchBytes = 0;
    try {
      while (true) {
        Hash id = RemoteProtocol.readHash(in);
        if (id.equals(RemoteProtocol.ZERO)) {
          break;
        }
        byte[] node = RemoteProtocol.readNode(in, id);
        if (received.contains(id) || snapshot.contains(id)) {
          continue; // here already: below a root this repository did not name, or sent twice
        }
        if (!NodeLinks.isCommit(node)) {
          requireLinks(snapshot, id, node);
        }
        received.add(id);
        batch.put(id, node);
        batchBytes += node.length;
        nodes++;
        bytes += node.length;
        if (nodes % NodeTransfer.REPORT_EVERY == 0 || bytes - reported >= REPORT_BYTES) {
          progress.progress("clone", "receiving", nodes, -1, bytes);
          reported = bytes;
        }
        if (batch.size() >= BATCH_NODES || batchBytes >= BATCH_BYTES) {
          handOver(batch);
          batch = new LinkedHashMap<>();
          batchBytes = 0;
        }
      }
    } finally {
      // Every node in the batch was checked and what it refers to came before it: keep them, whole or cut.
      if (!batch.isEmpty()) {
        handOver(batch);
      }
    }
  }

  /** Queues a batch for storing, waiting while the queue is full; gives up once storing stopped. */
  private void handOver(Map<Hash, byte[]> batch) {
    try {
      while (!stopped && !queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
        // the storing thread is busy
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = true;
    }
    if (stopped) {
      throw new RemoteException("the clone from " + remote + " stopped storing nodes", 0, null);
    }
  }

  /** Tells the storing thread that nothing more comes. */
  private void end() {
    try {
      while (!stopped && !queue.offer(END, 100, TimeUnit.MILLISECONDS)) {
        // the storing thread is busy
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Refuses a tree or blob node that refers to a node neither here nor sent before it. */
  private void requireLinks(ReadTransaction snapshot, Hash id, byte[] node) {
    List<Hash> links;
    try {
      links = TreeNodes.references(id, node);
    } catch (CorruptNodeException e) {
      throw new RemoteProtocol.Violation(0, "it sent a malformed node: " + e.getMessage());
    }
    for (Hash link : links) {
      if (!TreeNodes.isEmptyTree(link) && !received.contains(link) && !snapshot.contains(link)) {
        throw missing(id, link);
      }
    }
  }

  private static RemoteProtocol.Violation missing(Hash id, Hash link) {
    return new RemoteProtocol.Violation(0, "it sent node " + id.toShortHex() + " before node " + link.toShortHex()
        + ", which it refers to (a stream sends children before their parents)");
  }

  private void requireCommitLinks(WriteTransaction tx, Hash id, byte[] node) {
    Set<Hash> links;
    try {
      links = NodeLinks.stored(tx, id, node);
    } catch (CorruptNodeException e) {
      throw new RemoteException("the answer of " + remote + " to the stream request breaks the protocol: it sent a "
          + "malformed node: " + e.getMessage(), 0, e);
    }
    for (Hash link : links) {
      if (!tx.contains(link)) {
        throw new RemoteException("the answer of " + remote + " to the stream request breaks the protocol: "
            + missing(id, link).getMessage(), 0, null);
      }
    }
  }

  private static void join(Thread thread) {
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  long nodes() {
    return nodes;
  }

  long bytes() {
    return bytes;
  }

  @Override
  public void close() {
    local.sweepLock().readLock().unlock();
  }
}

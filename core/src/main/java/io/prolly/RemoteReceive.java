package io.prolly;

import io.prolly.commit.Commit;
import io.prolly.commit.CommitGraph;
import io.prolly.commit.RefNames;
import io.prolly.error.ConcurrencyException;
import io.prolly.spi.Hash;
import io.prolly.spi.WriteTransaction;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One push received by a {@link RemoteEndpoint}: reads the ref updates, then the nodes, checking
 * each as it arrives (hash, size, and that everything it refers to is already here or came
 * earlier, see {@link NodeLinks#stored}) and storing them in batches, then moves the refs by
 * compare-and-set in the transaction of the last batch, which the repository's validators judge:
 * the refs move in the same atomic commit as the last nodes, so that a push of up to a batch
 * costs the store one durable commit. Whatever cuts the push short, the nodes checked so far are
 * stored, being complete subtrees, and no ref moves.
 *
 * <p>Holds back this process's garbage collection sweeps while it runs, so that stored nodes no
 * ref holds yet survive until the refs do.
 */
final class RemoteReceive {

  /** Nodes per transaction. */
  static final int BATCH_NODES = 1024;
  /** Node bytes per transaction. */
  static final long BATCH_BYTES = 8L << 20;

  private final Repository repository;
  private final RemoteLimits limits;
  private long received;
  private long receivedBytes;
  /** Nodes staged in the last batch, not committed yet. */
  private int staged;

  private record Update(String ref, @Nullable Hash expected, Hash value) {}

  RemoteReceive(Repository repository, RemoteLimits limits) {
    this.repository = repository;
    this.limits = limits;
  }

  RemoteEndpoint.Reply receive(DataInputStream in) throws IOException {
    int flags = in.readUnsignedByte();
    if ((flags & ~1) != 0) {
      throw RemoteProtocol.bad("the push sets unknown flags " + Integer.toBinaryString(flags) + "; version "
          + RemoteProtocol.VERSION + " knows only bit 0 (force)");
    }
    boolean force = (flags & 1) != 0;
    int refCount = in.readUnsignedShort();
    if (refCount < 1 || refCount > RemoteProtocol.MAX_PUSH_REFS) {
      throw RemoteProtocol.bad("the push moves " + refCount + " refs; 1 to " + RemoteProtocol.MAX_PUSH_REFS
          + " are allowed");
    }
    Map<String, Update> updates = new LinkedHashMap<>();
    for (int i = 0; i < refCount; i++) {
      String ref = RemoteProtocol.readRefName(in, limits.maxRefNameBytes());
      Hash expected = RemoteProtocol.readHash(in);
      Hash value = RemoteProtocol.readHash(in);
      if (value.equals(RemoteProtocol.ZERO)) {
        throw RemoteProtocol.bad("the push would delete " + ref + "; deleting refs by push is not supported");
      }
      if (updates.put(ref, new Update(ref, expected.equals(RemoteProtocol.ZERO) ? null : expected, value)) != null) {
        throw RemoteProtocol.bad("the push names " + ref + " twice");
      }
    }
    repository.sweepLock().readLock().lock();
    try (WriteTransaction last = nodes(in)) {
      return moveRefs(last, updates, force);
    } finally {
      repository.sweepLock().readLock().unlock();
    }
  }

  /**
   * Reads, checks and stages the nodes. Full batches are committed on the way; the last batch is
   * left staged in the transaction returned, for the refs to move in the same commit: one durable
   * commit, not two, for a push of up to a batch. If the push breaks off, what was staged is
   * committed (it was checked complete) and the failure goes on.
   */
  private WriteTransaction nodes(DataInputStream in) throws IOException {
    WriteTransaction tx = repository.beginWrite();
    int batch = 0;
    long batchBytes = 0;
    boolean ended = false;
    try {
      while (true) {
        Hash id = RemoteProtocol.readHash(in);
        if (id.equals(RemoteProtocol.ZERO)) {
          break;
        }
        byte[] node = RemoteProtocol.readNode(in, id, limits.maxNodeBytes());
        if (!tx.contains(id)) {
          check(tx, id, node);
          tx.put(id, node);
          batch++;
          batchBytes += node.length;
        }
        received++;
        receivedBytes += node.length;
        if (batch >= BATCH_NODES || batchBytes >= BATCH_BYTES) {
          tx.commit();
          tx.close();
          tx = repository.beginWrite();
          batch = 0;
          batchBytes = 0;
        }
      }
      RemoteEndpoint.requireEnd(in);
      staged = batch;
      ended = true;
      return tx;
    } finally {
      if (!ended) {
        // Every node staged was checked complete: keep them, though the push broke off.
        try {
          if (batch > 0) {
            tx.commit();
          }
        } finally {
          tx.close();
        }
      }
    }
  }

  /** Refuses a node that refers to one neither stored nor received before it. */
  private static void check(WriteTransaction tx, Hash id, byte[] node) {
    List<Hash> absent = new ArrayList<>();
    for (Hash link : NodeLinks.stored(tx, id, node)) {
      if (!tx.contains(link)) {
        absent.add(link);
      }
    }
    if (!absent.isEmpty()) {
      throw RemoteProtocol.bad("node " + id.toShortHex() + " refers to " + absent.get(0).toShortHex()
          + (absent.size() > 1 ? " and " + (absent.size() - 1) + " more" : "") + ", neither in the repository nor sent "
          + "before it; send children before their parents");
    }
  }

  /**
   * Moves the refs in {@code tx}, which holds the push's last nodes staged: every ref is checked
   * first, and only if all may move are they set, so that the one commit applies the nodes and the
   * refs together, all or nothing. A push refused before that (a lost race, a ref to a missing
   * node, not a fast-forward) still commits the staged nodes alone, which are complete subtrees,
   * so that a retry need not send them again.
   */
  private RemoteEndpoint.Reply moveRefs(WriteTransaction tx, Map<String, Update> updates, boolean force) {
    Map<String, @Nullable Hash> moved = new HashMap<>();
    List<String> conflicts = new ArrayList<>();
    List<Update> moves = new ArrayList<>();
    try {
      for (Update update : updates.values()) {
        byte[] node = tx.get(update.value());
        if (node == null) {
          throw RemoteProtocol.bad("the push would point " + update.ref() + " at " + update.value().toShortHex()
              + ", which is neither in the push nor in the repository; send the commit and its history");
        }
        if (!NodeLinks.isCommit(node)) {
          throw new RemoteProtocol.Violation(422, "the push would point " + update.ref() + " at "
              + update.value().toShortHex() + ", which is not a commit");
        }
        Commit.decode(update.value(), node);
        Hash current = tx.ref(update.ref());
        moved.put(update.ref(), current);
        if (!Objects.equals(current, update.expected())) {
          conflicts.add(update.ref());
          continue;
        }
        if (update.value().equals(current)) {
          continue;
        }
        boolean branch = update.ref().startsWith(RefNames.BRANCHES);
        if (current != null && !force) {
          if (!branch) {
            throw new RemoteProtocol.Violation(422, update.ref() + " exists at " + current.toShortHex()
                + " and tags never move without force");
          }
          if (!new CommitGraph(repository.commitSource(tx)).isAncestor(current, update.value())) {
            throw new RemoteProtocol.Violation(422, "moving " + update.ref() + " from " + current.toShortHex() + " to "
                + update.value().toShortHex() + " is not a fast-forward; pull and merge first, or push with force");
          }
        }
        moves.add(new Update(update.ref(), current, update.value()));
      }
    } catch (RuntimeException refused) {
      commitStaged(tx, refused);
      throw refused;
    }
    if (!conflicts.isEmpty()) {
      commitStaged(tx, null);
      return conflict(conflicts, moved);
    }
    for (Update move : moves) {
      tx.setRef(move.ref(), move.expected(), move.value());
    }
    if (!moves.isEmpty() || staged > 0) {
      try {
        tx.commit();
      } catch (ConcurrencyException e) {
        // Nothing of the commit is applied, the last nodes neither: the retry sends them again.
        return conflict(new ArrayList<>(updates.keySet()), current(updates));
      }
    }
    return RemoteEndpoint.binary(out -> {
      out.writeLong(received);
      out.writeLong(receivedBytes);
    });
  }

  /** Commits the staged nodes of a push whose refs do not move; a failure joins the refusal's. */
  private void commitStaged(WriteTransaction tx, @Nullable RuntimeException refused) {
    if (staged == 0) {
      return;
    }
    try {
      tx.commit();
    } catch (RuntimeException e) {
      if (refused == null) {
        throw e;
      }
      refused.addSuppressed(e);
    }
  }

  private Map<String, @Nullable Hash> current(Map<String, Update> updates) {
    Map<String, @Nullable Hash> now = new HashMap<>();
    try (var tx = repository.nodeStore().beginRead()) {
      updates.keySet().forEach(ref -> now.put(ref, tx.ref(ref)));
    }
    return now;
  }

  private static RemoteEndpoint.Reply conflict(List<String> refs, Map<String, @Nullable Hash> actual) {
    List<String> values = new ArrayList<>();
    StringBuilder message = new StringBuilder("the push lost a race: ");
    for (String ref : refs) {
      Hash now = actual.get(ref);
      values.add(ref + " " + (now == null ? "absent" : now.toHex()));
      message.append(ref).append(" is at ").append(now == null ? "nothing" : now.toShortHex()).append("; ");
    }
    message.append("no ref was moved. Fetch, merge and push again");
    return RemoteEndpoint.text(409, message.toString(), Map.of(RemoteProtocol.REF_HEADER, values));
  }
}

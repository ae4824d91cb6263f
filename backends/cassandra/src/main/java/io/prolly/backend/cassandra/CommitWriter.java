package io.prolly.backend.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import io.prolly.error.ConcurrencyException;
import io.prolly.spi.Hash;
import io.prolly.spi.support.Changes;
import io.prolly.spi.support.RefChange;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Applies one write transaction's {@link Changes}: first its node rows and delete marks, tagged
 * with a new transaction id and invisible to every reader; then one conditional batch on the
 * store's partition that moves the sequence number from the value the commit read (the
 * compare-and-set), writes the transaction's commit record, the new counters and every ref change.
 * Cassandra applies a conditional batch on one partition atomically and in isolation, so the
 * transaction becomes visible whole, or not at all; a transaction that loses leaves only rows that
 * no reader counts, and removes them.
 *
 * <p>The batch's condition is on the sequence number, not on the refs: it also guards the
 * counters, computed from the state of that sequence number. A batch that fails only because
 * another commit moved the sequence number is built again on the new state, after checking the
 * ref expectations on it; that is the same wait a lock would be, not a retry of a lost race.
 *
 * <p>When the outcome of a batch is unknown (a write timeout in Paxos, a lost connection), a serial
 * read of the transaction's commit record settles it: the Paxos read completes or supersedes the
 * round in flight, so a record that is absent then can never appear.
 *
 * <p>A commit never applies on a state whose purge horizon ({@link Compaction}) is past the moment
 * it began writing its rows, since compaction may have removed them: it writes them again under a
 * new transaction id. Its lease ticket keeps compaction from removing its commit record while an
 * unknown outcome may still have to be settled.
 */
final class CommitWriter {

  private static final System.Logger LOG = System.getLogger(CommitWriter.class.getName());

  /** Node rows in flight at once while a commit writes them. */
  private static final int WRITES_IN_FLIGHT = 32;
  /** How many times a batch is built again after other commits moved the sequence number. */
  private static final int ROUNDS = 200;
  /** How many serial reads try to settle an unknown outcome. */
  private static final int SETTLE_TRIES = 10;
  /** How many times a commit writes its rows again after compaction's horizon passed them. */
  private static final int REWRITES = 3;

  private final NodeReader reader;
  private final BatchRunner runner;
  private final SnapshotLeases leases;
  /**
   * The state as this store's last commit left it, or null: the first round of the next commit
   * builds on it instead of paying a serial read. If another process committed since, the batch's
   * condition fails and the round is built again on a serial read; a ref expectation that fails
   * against it is checked again on a serial read before it counts.
   */
  private volatile @Nullable StoreState lastCommitted;

  CommitWriter(NodeReader reader, BatchRunner runner, SnapshotLeases leases) {
    this.reader = reader;
    this.runner = runner;
    this.leases = leases;
  }

  /**
   * Applies the changes, or nothing.
   *
   * @throws ConcurrencyException if a ref no longer has the expected value
   * @throws CommitOutcomeUnknownException if the batch's outcome could not be settled
   * @throws CassandraStoreException if the cluster fails otherwise
   */
  void apply(Changes changes) {
    // The ticket keeps compaction from removing this commit's record while its outcome may still
    // have to be settled: its sequence number is above the ticket's bound.
    SnapshotLeases.Ticket ticket = leases.acquire();
    try {
      for (int rewrite = 0; rewrite < REWRITES; rewrite++) {
        if (applyOnce(changes, ticket)) {
          return;
        }
      }
    } finally {
      ticket.release();
    }
    throw new CassandraStoreException("store '" + reader.settings().redacted() + "' could not commit: compaction's"
        + " purge horizon passed the commit's rows " + REWRITES + " times, written anew each time. This process's"
        + " clock is likely behind the cluster's by more than uncommittedAgeSeconds; set the clock right", null);
  }

  /** One transaction id's attempt; false if its rows fell behind the purge horizon and must be written again. */
  private boolean applyOnce(Changes changes, SnapshotLeases.Ticket ticket) {
    UUID txn = UUID.randomUUID();
    // Taken before the first row is written: every row's write time is at or after it.
    long written = System.currentTimeMillis();
    writeVersions(txn, changes);
    boolean committed = false;
    boolean unknown = false;
    try {
      committed = commit(txn, written, changes, ticket);
      return committed;
    } catch (CommitOutcomeUnknownException e) {
      // It may have committed: its rows may be counted, so they stay.
      unknown = true;
      throw e;
    } finally {
      if (!committed && !unknown) {
        dropVersions(txn, changes);
      }
    }
  }

  /**
   * Runs rounds of read, check and batch until one applies (true), or until the purge horizon is
   * found past the transaction's rows (false): compaction may remove them, so they must not count.
   */
  private boolean commit(UUID txn, long written, Changes changes, SnapshotLeases.Ticket ticket) {
    DriverException lastUnknown = null;
    for (int round = 0; round < ROUNDS; round++) {
      StoreState state = round == 0 ? lastCommitted : null;
      if (state != null) {
        try {
          changes.checkRefs(state.refs()::get);
        } catch (ConcurrencyException e) {
          state = null;
        }
      }
      if (state == null) {
        state = reader.readState("commit");
        changes.checkRefs(state.refs()::get);
      }
      if (written < state.horizon()) {
        // A compaction set its horizon past these rows since they were written. The batch's
        // condition is on the sequence number, which the horizon moved too: a state with this
        // horizon is the only one the batch could apply on.
        return false;
      }
      Round prepared = round(txn, changes, state);
      Outcome outcome;
      try {
        outcome = runner.run(reader.session(), prepared.batch()) ? Outcome.APPLIED : Outcome.LOST;
      } catch (UnavailableException e) {
        // Not attempted: too few replicas alive. Nothing was written; try again after a pause.
        lastUnknown = e;
        outcome = Outcome.LOST;
        reader.pause(round + 5, NodeReader.FAILURE_PAUSE_MILLIS, "commit");
      } catch (QueryValidationException e) {
        // Refused before it ran (a missing table or permission): nothing was written.
        throw DriverFailures.wrap("commit", reader.settings().redacted(), e);
      } catch (DriverException e) {
        // A write timeout or failure in Paxos, an unknown CAS outcome, a lost connection or a
        // client timeout: the batch may or may not have applied.
        lastUnknown = e;
        outcome = settle(txn, e, ticket);
      }
      if (outcome == Outcome.APPLIED) {
        reader.remember(txn, state.seq() + 1);
        leases.observed(state.seq() + 1);
        lastCommitted = prepared.after();
        return true;
      }
      lastCommitted = null;
      if (round > 0) {
        pause(round);
      }
    }
    throw new CassandraStoreException("store '" + reader.settings().redacted() + "' could not commit in " + ROUNDS
        + " rounds: other commits kept moving its sequence number or the cluster kept failing"
        + (lastUnknown == null ? "" : " (last: " + lastUnknown + ")") + "; nothing was committed, try again", lastUnknown);
  }

  /** The conditional batch of one round, built on the state it read. */
  private Round round(UUID txn, Changes changes, StoreState state) {
    long nodeCount = state.nodeCount();
    long nodeBytes = state.nodeBytes();
    // What the versions that stop counting take, as compaction measures it: a hidden version its
    // bytes and a row, a delete mark a row.
    long garbage = state.garbageBytes();
    Map<Hash, NodeVersion> present = presentAt(changes, state.seq());
    for (Map.Entry<Hash, byte[]> put : changes.puts().entrySet()) {
      if (present.get(put.getKey()) == null) {
        nodeCount++;
        nodeBytes += put.getValue().length;
      } else {
        garbage += put.getValue().length + StoreState.ROW_OVERHEAD;
      }
    }
    for (Hash deleted : changes.deletes()) {
      NodeVersion version = present.get(deleted);
      garbage += StoreState.ROW_OVERHEAD;
      if (version != null) {
        nodeCount--;
        nodeBytes -= version.size();
        garbage += version.size() + StoreState.ROW_OVERHEAD;
      }
    }
    long refCount = state.refs().size();
    StoreSchema schema = reader.schema();
    String store = reader.store();
    BatchStatementBuilder batch = BatchStatement.builder(BatchType.LOGGED);
    TreeMap<String, Hash> refs = new TreeMap<>(state.refs());
    for (Map.Entry<String, RefChange> ref : changes.refs().entrySet()) {
      Hash value = ref.getValue().value();
      boolean existed = state.refs().get(ref.getKey()) != null;
      if (value != null) {
        batch.addStatement(schema.putRef.bind(store, ref.getKey(), NodeReader.buffer(value)));
        refCount += existed ? 0 : 1;
        refs.put(ref.getKey(), value);
      } else if (existed) {
        batch.addStatement(schema.deleteRef.bind(store, ref.getKey()));
        refCount--;
        refs.remove(ref.getKey());
      }
    }
    long next = state.seq() + 1;
    batch.addStatement(schema.recordCommit.bind(store, txn.toString(), next));
    if (garbage != state.garbageBytes()) {
      // Keeps the compaction run's mark, by which that run settles an unknown outcome of its own.
      batch.addStatement(schema.putMarker.bind(store, StoreSchema.GARBAGE, garbage,
          state.garbageRun() == null ? null : NodeReader.buffer(state.garbageRun())));
    }
    batch.addStatement(schema.moveSequence.bind(next, nodeCount, nodeBytes, refCount, store, state.seq()));
    BatchStatement statement = batch.setConsistencyLevel(reader.settings().consistency().plain())
        .setSerialConsistencyLevel(reader.settings().consistency().serial()).build().setIdempotent(false);
    return new Round(statement, new StoreState(next, nodeCount, nodeBytes, refs, state.horizon(), garbage,
        state.garbageRun()));
  }

  /** The batch of one round, and the state it leaves if it applies. */
  private record Round(BatchStatement batch, StoreState after) {}

  /** Which of the nodes the changes touch are present in the state of {@code seq}, with their versions. */
  private Map<Hash, NodeVersion> presentAt(Changes changes, long seq) {
    Set<Hash> ids = new HashSet<>(changes.puts().keySet());
    ids.addAll(changes.deletes());
    return reader.visible(ids, seq);
  }

  /** Writes the transaction's node rows and delete marks, invisible until its commit record exists. */
  private void writeVersions(UUID txn, Changes changes) {
    StoreSchema schema = reader.schema();
    String store = reader.store();
    List<CompletionStage<AsyncResultSet>> running = new ArrayList<>();
    for (Map.Entry<Hash, byte[]> put : changes.puts().entrySet()) {
      byte[] node = put.getValue();
      int chunks = Math.max(1, (node.length + NodeReader.CHUNK_SIZE - 1) / NodeReader.CHUNK_SIZE);
      for (int chunk = 0; chunk < chunks; chunk++) {
        int from = chunk * NodeReader.CHUNK_SIZE;
        int length = Math.min(NodeReader.CHUNK_SIZE, node.length - from);
        running.add(reader.executeAsync(schema.writeChunk.bind(store, reader.bucketOf(put.getKey()),
            NodeReader.buffer(put.getKey()), txn, chunk, false, node.length, chunks, ByteBuffer.wrap(node, from, length))
            .setConsistencyLevel(reader.settings().consistency().plain())));
        drain(running, WRITES_IN_FLIGHT);
      }
    }
    for (Hash deleted : changes.deletes()) {
      running.add(reader.executeAsync(schema.writeChunk.bind(store, reader.bucketOf(deleted),
          NodeReader.buffer(deleted), txn, 0, true, 0, 0, ByteBuffer.allocate(0))
          .setConsistencyLevel(reader.settings().consistency().plain())));
      drain(running, WRITES_IN_FLIGHT);
    }
    drain(running, 0);
  }

  /** Removes the rows of a transaction that did not commit; best effort, since no reader counts them. */
  private void dropVersions(UUID txn, Changes changes) {
    Set<Hash> ids = new HashSet<>(changes.puts().keySet());
    ids.addAll(changes.deletes());
    List<CompletionStage<AsyncResultSet>> running = new ArrayList<>();
    for (Hash id : ids) {
      running.add(reader.executeAsync(reader.schema().dropVersion.bind(reader.store(), reader.bucketOf(id),
          NodeReader.buffer(id), txn).setConsistencyLevel(reader.settings().consistency().plain())));
    }
    for (CompletionStage<AsyncResultSet> write : running) {
      try {
        write.toCompletableFuture().join();
      } catch (RuntimeException e) {
        // Left for a later cleanup: rows without a commit record are never counted.
      }
    }
  }

  private void drain(List<CompletionStage<AsyncResultSet>> running, int limit) {
    if (running.size() <= limit) {
      return;
    }
    for (CompletionStage<AsyncResultSet> write : running) {
      reader.await("write nodes", write);
    }
    running.clear();
  }

  /**
   * Finds out, by serial reads of the commit record, whether a batch whose outcome is unknown was
   * applied.
   *
   * @throws CommitOutcomeUnknownException if no read succeeds
   */
  private Outcome settle(UUID txn, DriverException unknown, SnapshotLeases.Ticket ticket) {
    DriverException last = unknown;
    for (int attempt = 0; attempt < SETTLE_TRIES; attempt++) {
      try {
        Row row = runner.readCommitRecord(reader.session(), reader.schema().readCommits.bind(reader.store(),
            List.of(txn.toString())).setConsistencyLevel(reader.settings().consistency().serial()));
        if (row == null && !ticket.valid()) {
          // Compaction may have removed the record of a commit that applied, once no lease held it.
          throw new CommitOutcomeUnknownException("the commit of store '" + reader.settings().redacted()
              + "' timed out or lost its connection (" + unknown + ") and its snapshot lease lapsed before a serial"
              + " read found no commit record " + txn + ", which then proves nothing; it was applied entirely or not"
              + " at all. Read the refs to see which before doing the work again", unknown);
        }
        Outcome outcome = row == null ? Outcome.LOST : Outcome.APPLIED;
        LOG.log(Level.INFO, () -> "store '" + reader.settings().redacted() + "': the commit of transaction " + txn
            + " had an unknown outcome (" + unknown + "); settled by a serial read: "
            + (outcome == Outcome.APPLIED ? "applied" : "not applied, built again"));
        return outcome;
      } catch (DriverException e) {
        last = e;
        reader.pause(attempt + 3, NodeReader.FAILURE_PAUSE_MILLIS, "settle a commit");
      }
    }
    CommitOutcomeUnknownException failure = new CommitOutcomeUnknownException("the commit of store '"
        + reader.settings().redacted() + "' timed out or lost its connection (" + unknown
        + ") and " + SETTLE_TRIES + " serial reads of its commit record " + txn + " failed (last: " + last
        + "); it was applied entirely or not at all. Read the refs to see which before doing the work again", unknown);
    if (last != unknown) {
      failure.addSuppressed(last);
    }
    throw failure;
  }

  /** After a lost compare-and-set: short pauses, since the next round will likely win. */
  private void pause(int round) {
    reader.pause(round, 200, "commit");
  }

  private enum Outcome { APPLIED, LOST }

  /** Runs a conditional batch and the serial reads that settle it; a seam for tests that inject unknown outcomes. */
  interface BatchRunner {
    /**
     * Runs the batch.
     *
     * @param session the store's session
     * @param batch the conditional batch
     * @return whether its condition held and it was applied
     */
    boolean run(CqlSession session, BatchStatement batch);

    /**
     * Runs the serial read of a commit record.
     *
     * @param session the store's session
     * @param read the read
     * @return the record, or null if there is none
     */
    default @Nullable Row readCommitRecord(CqlSession session, BoundStatement read) {
      return session.execute(read).one();
    }
  }
}

package io.prolly.backend.cassandra;

import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import io.prolly.spi.Hash;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Removes the rows that can no longer count for anyone, in four steps:
 *
 * <ol>
 *   <li>The <b>purge horizon</b>: one conditional batch on the store's partition moves the sequence
 *       number from {@code C} to {@code C+1} and sets the horizon {@code X} (now less
 *       {@code uncommittedAgeSeconds}). A commit refuses to apply rows written before the horizon of
 *       the state it builds on, and every commit after {@code C} builds on {@code X} or later, so a
 *       transaction with no commit record now and rows written before {@code X} never commits.
 *   <li>The <b>low-water mark</b> {@code L}: the least of {@code C} and every live snapshot lease,
 *       read after {@code C}. A snapshot whose lease was not yet written reads a sequence number of
 *       at least {@code C}; one whose lease lapsed fails its next read.
 *   <li>Bucket by bucket: of each node's versions, those below the newest one committed at or
 *       before {@code L}; then that one too, if it is a delete mark (only once those below are gone,
 *       so a crash in between never brings an older version back); and the rows of transactions
 *       without a commit record written before {@code X}. No state at or after {@code L} changes.
 *       Meanwhile it measures what the remaining hidden versions of state {@code C} take.
 *   <li>The commit records at or before {@code L} that no remaining version refers to; then the
 *       estimate of hidden bytes, set from the measure plus what commits after {@code C} added.
 * </ol>
 *
 * <p>Every step is idempotent, and cutting it anywhere leaves only rows a later run removes. Memory:
 * one group of nodes of one bucket at a time, plus the ids of the transactions whose versions remain.
 */
final class Compaction {

  private static final int ROUNDS = 200;

  private final NodeReader reader;
  private final SnapshotLeases leases;
  private final long uncommittedAgeMillis;

  Compaction(NodeReader reader, SnapshotLeases leases, long uncommittedAgeSeconds) {
    this.reader = reader;
    this.leases = leases;
    this.uncommittedAgeMillis = TimeUnit.SECONDS.toMillis(uncommittedAgeSeconds);
  }

  /** Runs the four steps; see the class comment. */
  void run() {
    UUID run = UUID.randomUUID();
    StoreState start = moveHorizon();
    long horizonMicros = TimeUnit.MILLISECONDS.toMicros(start.horizon());
    leases.refresh();
    long low = lowWaterMark(start.seq());
    Set<UUID> referenced = new HashSet<>();
    long hidden = 0;
    for (int bucket = 0; bucket < reader.buckets(); bucket++) {
      hidden += compactBucket(bucket, start.seq(), low, horizonMicros, referenced);
    }
    removeCommitRecords(low, referenced);
    recordHidden(run, start.garbageBytes(), hidden);
  }

  /** Step 1: returns the state the horizon move was built on, with the new horizon. */
  private StoreState moveHorizon() {
    for (int round = 0; round < ROUNDS; round++) {
      StoreState state = reader.readState("compact");
      long horizon = Math.max(state.horizon(), System.currentTimeMillis() - uncommittedAgeMillis);
      StoreState moved = new StoreState(state.seq(), state.nodeCount(), state.nodeBytes(), state.refs(), horizon,
          state.garbageBytes(), state.garbageRun());
      if (horizon == state.horizon()) {
        return moved;
      }
      if (advance(state, reader.schema().putMarker.bind(reader.store(), StoreSchema.HORIZON, horizon, null))) {
        return moved;
      }
      reader.pause(round, 200, "compact");
    }
    throw new CassandraStoreException("store '" + reader.settings().redacted() + "' could not set its purge horizon"
        + " in " + ROUNDS + " rounds: commits kept moving its sequence number; nothing was removed, compact again", null);
  }

  /**
   * Moves the sequence number by one with a marker row, if no commit moved it since {@code state};
   * false if one did or the outcome is unknown (the caller reads the state again to find out).
   */
  private boolean advance(StoreState state, BoundStatement marker) {
    StoreSchema schema = reader.schema();
    BatchStatement batch = BatchStatement.builder(BatchType.LOGGED)
        .addStatement(marker)
        .addStatement(schema.moveSequence.bind(state.seq() + 1, state.nodeCount(), state.nodeBytes(),
            (long) state.refs().size(), reader.store(), state.seq()))
        .setConsistencyLevel(reader.settings().consistency().plain())
        .setSerialConsistencyLevel(reader.settings().consistency().serial()).build().setIdempotent(false);
    try {
      boolean applied = reader.session().execute(batch).wasApplied();
      if (applied) {
        leases.observed(state.seq() + 1);
      }
      return applied;
    } catch (QueryValidationException e) {
      throw DriverFailures.wrap("compact", reader.settings().redacted(), e);
    } catch (DriverException e) {
      return false;
    }
  }

  /** Step 2. */
  private long lowWaterMark(long seq) {
    long low = seq;
    for (Row lease : reader.run("read the snapshot leases", reader.schema().readLeases.bind(reader.store()))) {
      if (!lease.isNull("cseq")) {
        low = Math.min(low, lease.getLong("cseq"));
      }
    }
    return low;
  }

  /** Step 3 for one bucket; returns what its remaining hidden versions of state {@code seq} take. */
  private long compactBucket(int bucket, long seq, long low, long horizonMicros, Set<UUID> referenced) {
    Map<Hash, Map<UUID, Stored>> group = new LinkedHashMap<>();
    Hash current = null;
    long hidden = 0;
    AsyncResultSet page = reader.await("compact", reader.executeAsync(reader.schema().scanForRemoval
        .bind(reader.store(), bucket).setPageSize(NodeReader.SCAN_PAGE_ROWS)
        .setConsistencyLevel(reader.settings().consistency().plain())));
    while (true) {
      for (Row row : page.currentPage()) {
        Hash id = NodeReader.hash(row.getByteBuffer("hash"));
        if (!id.equals(current) && group.size() >= NodeReader.RESOLVE_GROUP) {
          hidden += compactGroup(bucket, group, seq, low, horizonMicros, referenced);
        }
        current = id;
        Stored stored = group.computeIfAbsent(id, h -> new LinkedHashMap<>())
            .computeIfAbsent(row.getUuid("txn"), Stored::new);
        stored.written = Math.max(stored.written, row.isNull("written") ? Long.MAX_VALUE : row.getLong("written"));
        if (row.getInt("chunk") == 0) {
          stored.head = true;
          stored.deleted = row.getBoolean("deleted");
          stored.size = row.getInt("size");
        }
      }
      if (!page.hasMorePages()) {
        break;
      }
      page = reader.await("compact", page.fetchNextPage());
    }
    return hidden + compactGroup(bucket, group, seq, low, horizonMicros, referenced);
  }

  private long compactGroup(int bucket, Map<Hash, Map<UUID, Stored>> group, long seq, long low, long horizonMicros,
      Set<UUID> referenced) {
    Set<UUID> txns = new HashSet<>();
    group.values().forEach(versions -> txns.addAll(versions.keySet()));
    Map<UUID, Long> seqs = reader.commitSeqs(txns);
    List<BoundStatement> below = new ArrayList<>();
    List<BoundStatement> marks = new ArrayList<>();
    long hidden = 0;
    for (Map.Entry<Hash, Map<UUID, Stored>> node : group.entrySet()) {
      List<Stored> committed = new ArrayList<>();
      for (Stored stored : node.getValue().values()) {
        Long committedAt = seqs.get(stored.txn);
        if (committedAt == null) {
          if (stored.written < horizonMicros) {
            below.add(remove(bucket, node.getKey(), stored));
          }
        } else if (!stored.head) {
          // Counted but without its first row: left for verification to report.
          referenced.add(stored.txn);
        } else {
          stored.seq = committedAt;
          committed.add(stored);
        }
      }
      committed.sort(Comparator.comparingLong(stored -> stored.seq));
      Stored top = null;
      for (Stored stored : committed) {
        if (stored.seq <= low) {
          top = stored;
        }
      }
      List<Stored> kept = new ArrayList<>();
      for (Stored stored : committed) {
        if (top != null && stored.seq < top.seq) {
          below.add(remove(bucket, node.getKey(), stored));
        } else if (stored == top && top.deleted) {
          marks.add(remove(bucket, node.getKey(), stored));
        } else {
          kept.add(stored);
          referenced.add(stored.txn);
        }
      }
      hidden += hiddenAt(kept, seq);
    }
    group.clear();
    // The marks only once everything below them is gone: a mark removed first would let an older
    // version count again if the run were cut in between.
    runAll(below);
    runAll(marks);
    return hidden;
  }

  /**
   * What the hidden versions among {@code kept} (sorted by commit) take in state {@code seq}: every
   * version below the newest at or before it, a row and its bytes; that one, a row, if it is a mark.
   */
  private static long hiddenAt(List<Stored> kept, long seq) {
    Stored newest = null;
    long hidden = 0;
    for (Stored stored : kept) {
      if (stored.seq > seq) {
        break;
      }
      if (newest != null) {
        hidden += newest.size + StoreState.ROW_OVERHEAD;
      }
      newest = stored;
    }
    if (newest != null && newest.deleted) {
      hidden += StoreState.ROW_OVERHEAD;
    }
    return hidden;
  }

  /**
   * The delete of one version's rows, stamped after their own write time, so that a writer whose
   * clock ran ahead of this one's cannot leave them shadowing the delete.
   */
  private BoundStatement remove(int bucket, Hash id, Stored stored) {
    long stamp = Math.max(nowMicros(), stored.written == Long.MAX_VALUE ? 0 : stored.written + 1);
    return reader.schema().removeVersion.bind(stamp, reader.store(), bucket, NodeReader.buffer(id), stored.txn)
        .setConsistencyLevel(reader.settings().consistency().plain());
  }

  /** Step 4, first part. */
  private void removeCommitRecords(long low, Set<UUID> referenced) {
    List<BoundStatement> removals = new ArrayList<>();
    AsyncResultSet page = reader.await("compact", reader.executeAsync(reader.schema().scanCommits
        .bind(reader.store()).setPageSize(NodeReader.SCAN_PAGE_ROWS)
        .setConsistencyLevel(reader.settings().consistency().plain())));
    while (true) {
      for (Row row : page.currentPage()) {
        UUID txn = UUID.fromString(row.getString("name"));
        if (row.getLong("cseq") <= low && !referenced.contains(txn)) {
          long stamp = Math.max(nowMicros(), row.isNull("written") ? 0 : row.getLong("written") + 1);
          removals.add(reader.schema().removeCommit.bind(stamp, reader.store(), txn.toString())
              .setConsistencyLevel(reader.settings().consistency().plain()));
          reader.forget(txn);
        }
      }
      if (removals.size() >= NodeReader.SCAN_PAGE_ROWS) {
        runAll(removals);
      }
      if (!page.hasMorePages()) {
        break;
      }
      page = reader.await("compact", page.fetchNextPage());
    }
    runAll(removals);
  }

  /**
   * Step 4, second part: the estimate becomes the measure of state {@code C} plus what commits
   * after it added. The run's id goes with it, so an unknown outcome is settled by reading it back.
   */
  private void recordHidden(UUID run, long atStart, long measured) {
    for (int round = 0; round < ROUNDS; round++) {
      StoreState state = reader.readState("compact");
      if (run.equals(state.garbageRun())) {
        return;
      }
      long estimate = Math.max(0, measured + state.garbageBytes() - atStart);
      if (advance(state, reader.schema().putMarker.bind(reader.store(), StoreSchema.GARBAGE, estimate,
          NodeReader.buffer(run)))) {
        return;
      }
      reader.pause(round, 200, "compact");
    }
    // Only the estimate is left as it was: every removal is done.
  }

  /** Sends the statements, {@value NodeReader#READS_IN_FLIGHT} at a time, and waits for them all. */
  private void runAll(List<BoundStatement> statements) {
    List<CompletionStage<AsyncResultSet>> running = new ArrayList<>();
    for (BoundStatement statement : statements) {
      running.add(reader.executeAsync(statement));
      if (running.size() >= NodeReader.READS_IN_FLIGHT) {
        awaitAll(running);
      }
    }
    awaitAll(running);
    statements.clear();
  }

  private void awaitAll(List<CompletionStage<AsyncResultSet>> running) {
    for (CompletionStage<AsyncResultSet> stage : running) {
      reader.await("compact", stage);
    }
    running.clear();
  }

  private static long nowMicros() {
    return TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
  }

  /** One version of a node as the scan found its rows. */
  private static final class Stored {
    final UUID txn;
    boolean head;
    boolean deleted;
    int size;
    long written;
    long seq;

    Stored(UUID txn) {
      this.txn = txn;
    }
  }
}

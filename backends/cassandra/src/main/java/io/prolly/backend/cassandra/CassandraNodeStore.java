package io.prolly.backend.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.Row;
import io.prolly.error.CorruptStoreException;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.StoreStats;
import io.prolly.spi.support.AbstractNodeStore;
import io.prolly.spi.support.Changes;
import io.prolly.spi.support.Snapshot;

/**
 * A node store in a Cassandra keyspace ({@link StoreSchema}). Transactions stage their writes in
 * memory over a {@link CassandraSnapshot}, and {@link CommitWriter} applies them at commit with
 * one conditional batch. Commits are not serialised here: Paxos orders them, also against other
 * processes. Thread-safe.
 */
final class CassandraNodeStore extends AbstractNodeStore {

  private final CqlSession session;
  private final NodeReader reader;
  private final SnapshotLeases leases;
  private final CommitWriter writer;
  private final Compaction compaction;

  private CassandraNodeStore(StoreConfig config, CqlSession session, NodeReader reader,
      CommitWriter.BatchRunner runner) {
    super(config);
    this.session = session;
    this.reader = reader;
    this.leases = new SnapshotLeases(reader, (int) (long) config.get(CassandraBackendProvider.LEASE_SECONDS));
    this.writer = new CommitWriter(reader, runner, leases);
    this.compaction = new Compaction(reader, leases, config.get(CassandraBackendProvider.UNCOMMITTED_AGE_SECONDS));
  }

  /** Creates or checks the schema and the store's partition, then returns the store. */
  static CassandraNodeStore open(StoreConfig config, CassandraSettings settings) {
    return open(config, settings, null);
  }

  /**
   * Opens the store with a given way of running commit batches (tests inject unknown outcomes
   * with it), or the plain one if null.
   */
  static CassandraNodeStore open(StoreConfig config, CassandraSettings settings,
      CommitWriter.@org.jspecify.annotations.Nullable BatchRunner runner) {
    CqlSession session = SharedSessions.acquire(settings);
    try {
      StoreSchema schema = SharedSessions.schema(session, settings);
      int buckets = initState(session, schema, settings, config);
      NodeReader reader = new NodeReader(session, schema, settings, config.verifyNodes(), buckets);
      CommitWriter.BatchRunner batches = runner != null ? runner : (cql, batch) -> cql.execute(batch).wasApplied();
      return new CassandraNodeStore(config, session, reader, batches);
    } catch (DriverException e) {
      SharedSessions.release(session);
      throw DriverFailures.wrap("open the store", settings.redacted(), e);
    } catch (RuntimeException e) {
      SharedSessions.release(session);
      throw e;
    }
  }

  /**
   * Creates the store's partition unless it exists, and returns its number of node buckets: one
   * conditional insert, which answers with the existing row when there is one.
   */
  private static int initState(CqlSession session, StoreSchema schema, CassandraSettings settings,
      StoreConfig config) {
    int wanted = (int) (long) config.get(CassandraBackendProvider.NODE_BUCKETS);
    // Idempotent: a second try answers with the row the first one wrote.
    Row answer = NodeReader.execute(session, schema.initState.bind(settings.store(), wanted)
        .setConsistencyLevel(settings.consistency().plain())
        .setSerialConsistencyLevel(settings.consistency().serial()), "open the store", settings.redacted()).one();
    if (answer != null && answer.getBoolean("[applied]")) {
      return wanted;
    }
    if (answer == null || answer.isNull("buckets") || answer.getInt("buckets") < 1) {
      throw new CorruptStoreException(settings.redacted(), "store '" + settings.redacted()
          + "' has a state row without a valid number of node buckets in " + settings.keyspace()
          + ".prolly_state; it was not written by Prolly", null);
    }
    return answer.getInt("buckets");
  }

  @Override
  protected Snapshot openSnapshot() {
    // The lease first: a compaction that reads the leases before it is written read a sequence
    // number no higher than the one this snapshot is about to read.
    SnapshotLeases.Ticket ticket = leases.acquire();
    try {
      StoreState state = reader.readState("begin a transaction");
      ticket.pin(state.seq());
      return new CassandraSnapshot(reader, state, ticket);
    } catch (RuntimeException e) {
      ticket.release();
      throw e;
    }
  }

  /**
   * Removes the rows that no longer count for any open snapshot of any process, as
   * {@link Compaction} describes: superseded versions, delete marks with nothing below them,
   * rows of transactions that can no longer commit, and commit records no version refers to.
   */
  @Override
  protected void compactStorage() {
    compaction.run();
  }

  /** The store's driver session; tests read the rows with it. */
  CqlSession session() {
    return session;
  }

  /** The store's snapshot leases; tests stop their renewals to play a paused process. */
  SnapshotLeases leases() {
    return leases;
  }

  @Override
  protected void apply(Changes changes) {
    writer.apply(changes);
  }

  @Override
  protected StoreStats computeStats() {
    Row row = null;
    long garbage = 0;
    for (Row anchor : reader.run("compute figures", reader.schema().readCounters.bind(reader.store())
        .setConsistencyLevel(reader.settings().consistency().serial()))) {
      row = row == null ? anchor : row;
      if (StoreSchema.GARBAGE.equals(anchor.getString("name"))) {
        garbage = anchor.getLong("cseq");
      }
    }
    if (row == null) {
      throw new CassandraStoreException("store '" + reader.settings().redacted() + "' has no state row; it was"
          + " removed while the store was open", null);
    }
    long nodes = row.getLong("node_count");
    long bytes = row.getLong("node_bytes");
    long refs = row.getLong("ref_count");
    // An estimate: Cassandra tells no exact size of one partition's rows. Versions that no longer
    // count take space until compaction removes them.
    long storage = bytes + (nodes + refs + 1) * StoreState.ROW_OVERHEAD + garbage;
    return StoreStats.of(nodes, bytes, refs, storage).withFigure("commits", row.getLong("seq"))
        .withFigure("nodeBuckets", row.getInt("buckets"));
  }

  @Override
  protected void closeStorage() {
    try {
      leases.close();
    } finally {
      SharedSessions.release(session);
    }
  }
}

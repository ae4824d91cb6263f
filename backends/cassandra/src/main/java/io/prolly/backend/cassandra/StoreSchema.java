package io.prolly.backend.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import io.prolly.error.ProllyException;
import java.time.Duration;

/**
 * The store's tables in its keyspace, created on first open, the layout version that guards them,
 * and the prepared statements of every operation.
 *
 * <pre>
 * prolly_schema (id text PRIMARY KEY, version int)       -- one row, 'layout': the layout's version
 * prolly_state  (store text, kind tinyint, name text,    -- one partition per store:
 *                hash blob, cseq bigint,                 --   kind 0: the anchor row; 1: a ref (hash);
 *                seq, buckets, node_count, node_bytes,   --   2: a commit record (name = transaction id,
 *                ref_count bigint/int STATIC,            --      cseq = its commit sequence number);
 *                PRIMARY KEY (store, kind, name))        --   3: a snapshot lease (name = instance id,
 *                                                        --      cseq = oldest sequence number it needs)
 *                                                        --   kind 0 'horizon', 'garbage': cseq = the
 *                                                        --      purge horizon, the hidden bytes
 *                                                        --   statics: sequence number, exact counters
 * prolly_nodes  (store text, bucket int, hash blob,      -- versions of a node, each written by one
 *                txn uuid, chunk int, deleted boolean,   --   transaction; a delete is a version too;
 *                size int, chunks int, data blob,        --   data split in chunks of 1 MiB
 *                PRIMARY KEY ((store, bucket), hash, txn, chunk))
 * </pre>
 */
final class StoreSchema {

  /** The layout this version of Prolly writes and understands. */
  static final int VERSION = 1;

  /** How long a first open waits for every node to know the new tables. */
  private static final Duration AGREEMENT_LIMIT = Duration.ofSeconds(120);

  static final byte ANCHOR = 0;
  static final byte REF = 1;
  static final byte COMMIT = 2;
  static final byte LEASE = 3;
  /** The name of the kind-0 row whose cseq is the purge horizon (milliseconds since the epoch). */
  static final String HORIZON = "horizon";
  /** The name of the kind-0 row whose cseq is the estimate of hidden bytes still stored. */
  static final String GARBAGE = "garbage";

  final PreparedStatement readState;
  final PreparedStatement readCounters;
  final PreparedStatement initState;
  final PreparedStatement readCommits;
  final PreparedStatement readVersions;
  final PreparedStatement readVersionsWithData;
  final PreparedStatement scanBucket;
  final PreparedStatement writeChunk;
  final PreparedStatement dropVersion;
  final PreparedStatement moveSequence;
  final PreparedStatement recordCommit;
  final PreparedStatement putRef;
  final PreparedStatement deleteRef;
  final PreparedStatement putMarker;
  final PreparedStatement writeLease;
  final PreparedStatement dropLease;
  final PreparedStatement readLeases;
  final PreparedStatement scanForRemoval;
  final PreparedStatement removeVersion;
  final PreparedStatement scanCommits;
  final PreparedStatement removeCommit;

  private StoreSchema(CqlSession session, String keyspace) {
    String state = keyspace + ".prolly_state";
    String nodes = keyspace + ".prolly_nodes";
    readState = session.prepare("SELECT kind, name, hash, cseq, seq, buckets, node_count, node_bytes, ref_count FROM "
        + state + " WHERE store = ? AND kind <= " + REF);
    readCounters = session.prepare("SELECT kind, name, cseq, seq, buckets, node_count, node_bytes, ref_count FROM "
        + state + " WHERE store = ? AND kind = " + ANCHOR);
    initState = session.prepare("INSERT INTO " + state
        + " (store, kind, name, seq, buckets, node_count, node_bytes, ref_count) VALUES (?, " + ANCHOR
        + ", '', 0, ?, 0, 0, 0) IF NOT EXISTS");
    readCommits = session.prepare("SELECT name, cseq FROM " + state + " WHERE store = ? AND kind = " + COMMIT
        + " AND name IN ?");
    readVersions = session.prepare("SELECT txn, chunk, deleted, size, chunks FROM " + nodes
        + " WHERE store = ? AND bucket = ? AND hash = ?");
    readVersionsWithData = session.prepare("SELECT txn, chunk, deleted, size, chunks, data FROM " + nodes
        + " WHERE store = ? AND bucket = ? AND hash = ?");
    scanBucket = session.prepare("SELECT hash, txn, chunk, deleted FROM " + nodes
        + " WHERE store = ? AND bucket = ?");
    writeChunk = session.prepare("INSERT INTO " + nodes
        + " (store, bucket, hash, txn, chunk, deleted, size, chunks, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    dropVersion = session.prepare("DELETE FROM " + nodes + " WHERE store = ? AND bucket = ? AND hash = ? AND txn = ?");
    moveSequence = session.prepare("UPDATE " + state
        + " SET seq = ?, node_count = ?, node_bytes = ?, ref_count = ? WHERE store = ? IF seq = ?");
    recordCommit = session.prepare("INSERT INTO " + state + " (store, kind, name, cseq) VALUES (?, " + COMMIT
        + ", ?, ?)");
    putRef = session.prepare("INSERT INTO " + state + " (store, kind, name, hash) VALUES (?, " + REF + ", ?, ?)");
    deleteRef = session.prepare("DELETE FROM " + state + " WHERE store = ? AND kind = " + REF + " AND name = ?");
    putMarker = session.prepare("INSERT INTO " + state + " (store, kind, name, cseq, hash) VALUES (?, " + ANCHOR
        + ", ?, ?, ?)");
    writeLease = session.prepare("INSERT INTO " + state + " (store, kind, name, cseq) VALUES (?, " + LEASE
        + ", ?, ?) USING TTL ?");
    dropLease = session.prepare("DELETE FROM " + state + " WHERE store = ? AND kind = " + LEASE + " AND name = ?");
    readLeases = session.prepare("SELECT name, cseq FROM " + state + " WHERE store = ? AND kind = " + LEASE);
    scanForRemoval = session.prepare("SELECT hash, txn, chunk, deleted, size, WRITETIME(deleted) AS written FROM "
        + nodes + " WHERE store = ? AND bucket = ?");
    removeVersion = session.prepare("DELETE FROM " + nodes
        + " USING TIMESTAMP ? WHERE store = ? AND bucket = ? AND hash = ? AND txn = ?");
    scanCommits = session.prepare("SELECT name, cseq, WRITETIME(cseq) AS written FROM " + state
        + " WHERE store = ? AND kind = " + COMMIT);
    removeCommit = session.prepare("DELETE FROM " + state + " USING TIMESTAMP ? WHERE store = ? AND kind = " + COMMIT
        + " AND name = ?");
  }

  /**
   * Creates what is missing (keyspace, tables, version row) and checks the version, then prepares
   * the statements.
   *
   * @throws ProllyException if the tables were made by a newer version of Prolly
   */
  static StoreSchema createOrCheck(CqlSession session, CassandraSettings settings) {
    String keyspace = settings.keyspace();
    Row version;
    SimpleStatement readVersion = SimpleStatement.newInstance("SELECT version FROM " + keyspace
        + ".prolly_schema WHERE id = 'layout'").setConsistencyLevel(settings.consistency().serial());
    try {
      version = NodeReader.execute(session, readVersion, "read the layout version", settings.redacted()).one();
    } catch (CassandraStoreException e) {
      if (!(e.getCause() instanceof InvalidQueryException)) {
        throw e;
      }
      // No keyspace or no table yet: a first open.
      version = null;
    }
    if (version == null) {
      create(session, settings);
      // Idempotent: a second try finds the row the first one wrote.
      NodeReader.execute(session, SimpleStatement.newInstance("INSERT INTO " + keyspace
          + ".prolly_schema (id, version) VALUES ('layout', " + VERSION + ") IF NOT EXISTS")
          .setSerialConsistencyLevel(settings.consistency().serial())
          .setConsistencyLevel(settings.consistency().plain()), "write the layout version", settings.redacted());
      version = NodeReader.execute(session, readVersion, "read the layout version", settings.redacted()).one();
    }
    int found = version == null ? 0 : version.getInt(0);
    if (found > VERSION) {
      throw new ProllyException("store '" + settings.redacted() + "' has schema version " + found
          + ", written by a newer Prolly; this one understands version " + VERSION
          + ". Upgrade Prolly (prolly-backend-cassandra) to open it");
    }
    if (found < 1) {
      throw new ProllyException("store '" + settings.redacted() + "' has table " + keyspace
          + ".prolly_schema without a valid layout version (" + found + "); it was not made by Prolly");
    }
    // Also when another process made the tables a moment ago: statements are prepared on every node.
    awaitAgreement(session, settings);
    return new StoreSchema(session, keyspace);
  }

  private static void create(CqlSession session, CassandraSettings settings) {
    String keyspace = settings.keyspace();
    Duration timeout = Duration.ofSeconds(60);
    session.execute(SimpleStatement.newInstance("CREATE KEYSPACE IF NOT EXISTS " + keyspace
        + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': " + settings.replicationFactor()
        + "}").setTimeout(timeout));
    session.execute(SimpleStatement.newInstance("CREATE TABLE IF NOT EXISTS " + keyspace
        + ".prolly_schema (id text PRIMARY KEY, version int)").setTimeout(timeout));
    session.execute(SimpleStatement.newInstance("CREATE TABLE IF NOT EXISTS " + keyspace + ".prolly_state ("
        + "store text, kind tinyint, name text, hash blob, cseq bigint, seq bigint static, buckets int static,"
        + " node_count bigint static, node_bytes bigint static, ref_count bigint static,"
        + " PRIMARY KEY (store, kind, name))").setTimeout(timeout));
    session.execute(SimpleStatement.newInstance("CREATE TABLE IF NOT EXISTS " + keyspace + ".prolly_nodes ("
        + "store text, bucket int, hash blob, txn uuid, chunk int, deleted boolean, size int, chunks int, data blob,"
        + " PRIMARY KEY ((store, bucket), hash, txn, chunk))").setTimeout(timeout));
  }

  /**
   * Waits until every node that is up has the tables. The driver waits for schema agreement after
   * each statement, but only for a while, and goes on without it: on a busy cluster a node may not
   * know a new table yet, and preparing a statement on it fails.
   */
  private static void awaitAgreement(CqlSession session, CassandraSettings settings) {
    long deadline = System.nanoTime() + AGREEMENT_LIMIT.toNanos();
    while (!session.checkSchemaAgreement()) {
      if (System.nanoTime() > deadline) {
        throw new CassandraStoreException("the nodes of the cluster of store '" + settings.redacted()
            + "' did not agree on its new tables within " + AGREEMENT_LIMIT.toSeconds()
            + " s; check that every node is up and open the store again", null);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CassandraStoreException("interrupted while waiting for the cluster to agree on new tables", e);
      }
    }
  }
}

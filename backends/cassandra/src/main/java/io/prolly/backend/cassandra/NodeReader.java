package io.prolly.backend.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import io.prolly.error.CorruptNodeException;
import io.prolly.spi.Hash;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Reads the store's committed state as of a commit sequence number: the refs partition with a
 * serial read, and nodes by resolving their versions. A version counts in the state of sequence
 * number {@code s} if the commit record of the transaction that wrote it exists with a sequence
 * number of at most {@code s}; of those, the latest decides (a delete mark hides the node). Rows of
 * transactions that never committed, or committed later, are ignored, so a snapshot's view never
 * changes while writers commit. Thread-safe.
 */
final class NodeReader {

  /** Nodes are split in rows of at most this many bytes, well inside Cassandra's message limits. */
  static final int CHUNK_SIZE = 1 << 20;
  /** Rows per page when reading a node's bytes: at most this many MiB in one response. */
  private static final int DATA_PAGE_ROWS = 8;
  /** At most this many transaction ids in one IN query. */
  private static final int IN_LIMIT = 100;
  /** Commit records never change once written, so they are remembered, up to this many. */
  private static final int REMEMBERED_COMMITS = 200_000;
  static final int SCAN_PAGE_ROWS = 5_000;
  static final int RESOLVE_GROUP = 1_000;
  static final int READS_IN_FLIGHT = 32;
  /** How many times a read or an idempotent write is sent before its failure is reported. */
  private static final int TRIES = 10;
  /** The longest pause before trying again after a failure: ten tries span about ten seconds. */
  static final long FAILURE_PAUSE_MILLIS = 1_600;

  private final CqlSession session;
  private final StoreSchema schema;
  private final CassandraSettings settings;
  private final boolean verify;
  private final int buckets;
  private final Map<UUID, Long> commits = new ConcurrentHashMap<>();

  NodeReader(CqlSession session, StoreSchema schema, CassandraSettings settings, boolean verify, int buckets) {
    this.session = session;
    this.schema = schema;
    this.settings = settings;
    this.verify = verify;
    this.buckets = buckets;
  }

  int bucketOf(Hash id) {
    return ((id.byteAt(0) & 0xFF) << 8 | (id.byteAt(1) & 0xFF)) % buckets;
  }

  String store() {
    return settings.store();
  }

  CqlSession session() {
    return session;
  }

  StoreSchema schema() {
    return schema;
  }

  CassandraSettings settings() {
    return settings;
  }

  /**
   * Reads the latest committed state with one serial read of the store's partition: the Paxos
   * read settles any commit in flight first, so the state read is one that every later commit
   * builds on.
   */
  StoreState readState(String operation) {
    ResultSet rows = run(operation, schema.readState.bind(settings.store())
        .setConsistencyLevel(settings.consistency().serial()).setPageSize(Integer.MAX_VALUE));
    TreeMap<String, Hash> refs = new TreeMap<>();
    long seq = -1;
    long nodeCount = 0;
    long nodeBytes = 0;
    long horizon = 0;
    long garbage = 0;
    UUID garbageRun = null;
    for (Row row : rows) {
      if (seq < 0) {
        seq = row.getLong("seq");
        nodeCount = row.getLong("node_count");
        nodeBytes = row.getLong("node_bytes");
      }
      byte kind = row.getByte("kind");
      String name = row.getString("name");
      if (kind == StoreSchema.REF) {
        refs.put(name, hash(row.getByteBuffer("hash")));
      } else if (kind == StoreSchema.ANCHOR && StoreSchema.HORIZON.equals(name)) {
        horizon = row.getLong("cseq");
      } else if (kind == StoreSchema.ANCHOR && StoreSchema.GARBAGE.equals(name)) {
        garbage = row.getLong("cseq");
        garbageRun = uuid(row.getByteBuffer("hash"));
      }
    }
    if (!rows.isFullyFetched()) {
      throw new CassandraStoreException("the refs of store '" + settings.redacted()
          + "' did not come back in one page; cannot read them as one state", null);
    }
    if (seq < 0) {
      throw new CassandraStoreException("store '" + settings.redacted() + "' has no state row in "
          + settings.keyspace() + ".prolly_state; it was removed while the store was open", null);
    }
    return new StoreState(seq, nodeCount, nodeBytes, refs, horizon, garbage, garbageRun);
  }

  /** The version of a node that counts in the state of sequence number {@code seq}, or null if none does. */
  @Nullable NodeVersion visible(Hash id, long seq) {
    ResultSet rows = run("read a node", schema.readVersions.bind(settings.store(), bucketOf(id), buffer(id)));
    List<NodeVersion> versions = new ArrayList<>();
    for (Row row : rows) {
      if (row.getInt("chunk") == 0) {
        versions.add(version(row));
      }
    }
    return choose(versions, seq);
  }

  /**
   * The versions that count in the state of sequence number {@code seq} of many nodes at once,
   * read in parallel; nodes absent there (never stored, or deleted) are left out.
   */
  Map<Hash, NodeVersion> visible(Collection<Hash> ids, long seq) {
    Map<Hash, List<NodeVersion>> versions = new HashMap<>();
    Set<UUID> txns = new HashSet<>();
    List<Hash> pending = new ArrayList<>();
    List<CompletionStage<AsyncResultSet>> running = new ArrayList<>();
    for (Hash id : ids) {
      pending.add(id);
      running.add(executeAsync(schema.readVersions.bind(settings.store(), bucketOf(id), buffer(id))
          .setConsistencyLevel(settings.consistency().plain())));
      if (running.size() >= READS_IN_FLIGHT) {
        collect(pending, running, versions, txns);
      }
    }
    collect(pending, running, versions, txns);
    commitSeqs(txns);
    Map<Hash, NodeVersion> present = new HashMap<>();
    for (Map.Entry<Hash, List<NodeVersion>> entry : versions.entrySet()) {
      NodeVersion version = choose(entry.getValue(), seq);
      if (version != null && !version.deleted()) {
        present.put(entry.getKey(), version);
      }
    }
    return present;
  }

  private void collect(List<Hash> pending, List<CompletionStage<AsyncResultSet>> running,
      Map<Hash, List<NodeVersion>> versions, Set<UUID> txns) {
    for (int i = 0; i < running.size(); i++) {
      AsyncResultSet rows = await("read a node", running.get(i));
      // A node has few versions: one page holds them all.
      List<NodeVersion> found = new ArrayList<>();
      for (Row row : rows.currentPage()) {
        if (row.getInt("chunk") == 0) {
          NodeVersion version = version(row);
          found.add(version);
          txns.add(version.txn());
        }
      }
      if (rows.hasMorePages()) {
        throw new CassandraStoreException("node " + pending.get(i).toShortHex() + " of store '" + settings.redacted()
            + "' has more versions than one page holds", null);
      }
      versions.put(pending.get(i), found);
    }
    pending.clear();
    running.clear();
  }

  /** The bytes of a node in the state of sequence number {@code seq}, or null if it is absent there. */
  byte @Nullable [] read(Hash id, long seq) {
    ResultSet rows = run("read a node", schema.readVersionsWithData.bind(settings.store(), bucketOf(id), buffer(id))
        .setPageSize(DATA_PAGE_ROWS));
    List<NodeVersion> versions = new ArrayList<>();
    Map<UUID, List<ByteBuffer>> data = new HashMap<>();
    for (Row row : rows) {
      UUID txn = row.getUuid("txn");
      if (row.getInt("chunk") == 0) {
        versions.add(version(row));
      }
      ByteBuffer chunk = row.getByteBuffer("data");
      data.computeIfAbsent(txn, t -> new ArrayList<>()).add(chunk == null ? ByteBuffer.allocate(0) : chunk);
    }
    NodeVersion version = choose(versions, seq);
    if (version == null || version.deleted()) {
      return null;
    }
    List<ByteBuffer> chunks = data.get(version.txn());
    if (chunks.size() != version.chunks()) {
      throw new CorruptNodeException(id, "node " + id.toShortHex() + " of store '" + settings.redacted() + "' has "
          + chunks.size() + " of its " + version.chunks() + " chunks in " + settings.keyspace() + ".prolly_nodes");
    }
    byte[] node = new byte[version.size()];
    int at = 0;
    for (ByteBuffer chunk : chunks) {
      int length = chunk.remaining();
      if (at + length > node.length) {
        throw new CorruptNodeException(id, "node " + id.toShortHex() + " of store '" + settings.redacted()
            + "' has more bytes in its chunks than its size, " + node.length);
      }
      chunk.duplicate().get(node, at, length);
      at += length;
    }
    if (at != node.length) {
      throw new CorruptNodeException(id, "node " + id.toShortHex() + " of store '" + settings.redacted()
          + "' has " + at + " bytes in its chunks but a size of " + node.length);
    }
    if (verify && !Hash.of(node).equals(id)) {
      throw new CorruptNodeException(id, "node " + id.toShortHex() + " of store '" + settings.redacted()
          + "' does not match its id: its bytes hash to " + Hash.of(node).toShortHex());
    }
    return node;
  }

  /**
   * Calls an action for every node present in the state of sequence number {@code seq}. The first
   * pages of up to {@value #READS_IN_FLIGHT} buckets are asked for at once: most buckets of a small
   * store are empty, and one round trip after the other would dominate.
   */
  void forEach(long seq, Consumer<Hash> action) {
    for (int from = 0; from < buckets; from += READS_IN_FLIGHT) {
      List<CompletionStage<AsyncResultSet>> firstPages = new ArrayList<>();
      for (int bucket = from; bucket < Math.min(buckets, from + READS_IN_FLIGHT); bucket++) {
        firstPages.add(executeAsync(schema.scanBucket.bind(settings.store(), bucket)
            .setPageSize(SCAN_PAGE_ROWS).setConsistencyLevel(settings.consistency().plain())));
      }
      for (CompletionStage<AsyncResultSet> firstPage : firstPages) {
        scan(await("list nodes", firstPage), seq, action);
      }
    }
  }

  private void scan(AsyncResultSet firstPage, long seq, Consumer<Hash> action) {
    // A node's rows are contiguous (hash is the first clustering column); nodes are resolved in
    // groups, so that the commit records they need are read together.
    Map<Hash, List<NodeVersion>> group = new LinkedHashMap<>();
    Hash current = null;
    AsyncResultSet page = firstPage;
    while (true) {
      for (Row row : page.currentPage()) {
        if (row.getInt("chunk") != 0) {
          continue;
        }
        Hash id = hash(row.getByteBuffer("hash"));
        if (!id.equals(current) && group.size() >= RESOLVE_GROUP) {
          emit(group, seq, action);
        }
        current = id;
        group.computeIfAbsent(id, h -> new ArrayList<>()).add(
            new NodeVersion(row.getUuid("txn"), row.getBoolean("deleted"), 0, 0));
      }
      if (!page.hasMorePages()) {
        break;
      }
      page = await("list nodes", page.fetchNextPage());
    }
    emit(group, seq, action);
  }

  private void emit(Map<Hash, List<NodeVersion>> group, long seq, Consumer<Hash> action) {
    Set<UUID> txns = new HashSet<>();
    group.values().forEach(versions -> versions.forEach(v -> txns.add(v.txn())));
    commitSeqs(txns);
    for (Map.Entry<Hash, List<NodeVersion>> entry : group.entrySet()) {
      NodeVersion version = choose(entry.getValue(), seq);
      if (version != null && !version.deleted()) {
        action.accept(entry.getKey());
      }
    }
    group.clear();
  }

  /** Of the versions of one node, the one with the latest commit at or before {@code seq}. */
  private @Nullable NodeVersion choose(List<NodeVersion> versions, long seq) {
    if (versions.isEmpty()) {
      return null;
    }
    Set<UUID> txns = new HashSet<>();
    versions.forEach(v -> txns.add(v.txn()));
    Map<UUID, Long> seqs = commitSeqs(txns);
    NodeVersion best = null;
    long bestSeq = -1;
    for (NodeVersion version : versions) {
      Long committed = seqs.get(version.txn());
      if (committed != null && committed <= seq && committed > bestSeq) {
        best = version;
        bestSeq = committed;
      }
    }
    return best;
  }

  /**
   * The commit sequence numbers of those of the given transactions that committed. A commit record
   * with a sequence number up to that of a state read serially is seen by this plain read, since
   * the serial read completed that commit at the same consistency.
   */
  Map<UUID, Long> commitSeqs(Collection<UUID> txns) {
    Map<UUID, Long> found = new HashMap<>();
    List<String> unknown = new ArrayList<>();
    for (UUID txn : txns) {
      Long seq = commits.get(txn);
      if (seq != null) {
        found.put(txn, seq);
      } else {
        unknown.add(txn.toString());
      }
    }
    if (unknown.isEmpty()) {
      return found;
    }
    List<CompletionStage<AsyncResultSet>> queries = new ArrayList<>();
    for (int from = 0; from < unknown.size(); from += IN_LIMIT) {
      List<String> some = unknown.subList(from, Math.min(unknown.size(), from + IN_LIMIT));
      queries.add(executeAsync(schema.readCommits.bind(settings.store(), List.copyOf(some))
          .setConsistencyLevel(settings.consistency().plain())));
    }
    for (CompletionStage<AsyncResultSet> query : queries) {
      AsyncResultSet rows = await("read commit records", query);
      for (Row row : rows.currentPage()) {
        remember(UUID.fromString(row.getString("name")), row.getLong("cseq"));
        found.put(UUID.fromString(row.getString("name")), row.getLong("cseq"));
      }
    }
    return found;
  }

  /** Forgets a commit record that compaction removed: no version refers to it any more. */
  void forget(UUID txn) {
    commits.remove(txn);
  }

  int buckets() {
    return buckets;
  }

  void remember(UUID txn, long seq) {
    if (commits.size() >= REMEMBERED_COMMITS) {
      commits.clear();
    }
    commits.put(txn, seq);
  }

  /** Runs a read and waits for it, trying again as {@link #executeAsync} does. */
  ResultSet run(String operation, BoundStatement statement) {
    BoundStatement bound = statement.getConsistencyLevel() == null
        ? statement.setConsistencyLevel(settings.consistency().plain()) : statement;
    return execute(session, bound, operation, settings.redacted());
  }

  /**
   * Runs a read, or a write that may be applied twice, and waits for it, trying again as
   * {@link #executeAsync} does.
   *
   * @throws CassandraStoreException if every try fails, or Cassandra refuses the statement
   */
  static ResultSet execute(CqlSession session, Statement<?> statement, String operation, String store) {
    for (int tried = 0; ; tried++) {
      try {
        return session.execute(statement);
      } catch (QueryValidationException e) {
        throw DriverFailures.wrap(operation, store, e);
      } catch (DriverException e) {
        if (tried + 1 >= TRIES) {
          throw DriverFailures.wrap(operation, store, e);
        }
        pause(tried, FAILURE_PAUSE_MILLIS, operation, store);
      }
    }
  }

  /** Sleeps {@link #pauseMillis} before trying an operation again. */
  void pause(int round, long capMillis, String operation) {
    pause(round, capMillis, operation, settings.redacted());
  }

  private static void pause(int round, long capMillis, String operation, String store) {
    try {
      Thread.sleep(pauseMillis(round, capMillis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CassandraStoreException("interrupted while waiting to " + operation + " in store '" + store + "'", e);
    }
  }

  /**
   * Sends a read, or a write that may be applied twice (a node row, a delete), and tries it again
   * after a pause if it failed for a passing reason: a timeout (a serial read times out in Paxos
   * when commits contend), too few replicas alive for a moment, a lost connection. A statement
   * Cassandra refuses (a missing table, a permission) fails at once.
   */
  CompletionStage<AsyncResultSet> executeAsync(Statement<?> statement) {
    return attempt(statement, 0);
  }

  private CompletionStage<AsyncResultSet> attempt(Statement<?> statement, int tried) {
    return session.executeAsync(statement).exceptionallyCompose(failure -> {
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      if (tried + 1 >= TRIES || !(cause instanceof DriverException) || cause instanceof QueryValidationException) {
        return CompletableFuture.failedStage(cause);
      }
      Executor later = CompletableFuture.delayedExecutor(pauseMillis(tried, FAILURE_PAUSE_MILLIS), TimeUnit.MILLISECONDS);
      return CompletableFuture.supplyAsync(() -> statement, later).thenCompose(again -> attempt(again, tried + 1));
    });
  }

  /**
   * A random pause that grows with each round, up to {@code capMillis}: waits for contention or a
   * failure to pass, and not in step with the others who wait.
   */
  static long pauseMillis(int round, long capMillis) {
    long limit = Math.min(capMillis, 2L << Math.min(round, 20));
    return ThreadLocalRandom.current().nextLong(1, limit + 1);
  }

  <T> T await(String operation, CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CassandraStoreException("interrupted while waiting to " + operation + " in store '"
          + settings.redacted() + "'", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof DriverException driver) {
        throw DriverFailures.wrap(operation, settings.redacted(), driver);
      }
      throw new CassandraStoreException("cannot " + operation + " in store '" + settings.redacted() + "': " + cause,
          cause);
    }
  }

  private static NodeVersion version(Row row) {
    return new NodeVersion(row.getUuid("txn"), row.getBoolean("deleted"), row.getInt("size"), row.getInt("chunks"));
  }

  static ByteBuffer buffer(Hash id) {
    return ByteBuffer.wrap(id.toBytes());
  }

  static ByteBuffer buffer(UUID id) {
    return ByteBuffer.allocate(16).putLong(0, id.getMostSignificantBits()).putLong(8, id.getLeastSignificantBits());
  }

  static @Nullable UUID uuid(@Nullable ByteBuffer buffer) {
    if (buffer == null || buffer.remaining() != 16) {
      return null;
    }
    return new UUID(buffer.getLong(buffer.position()), buffer.getLong(buffer.position() + 8));
  }

  static Hash hash(@Nullable ByteBuffer buffer) {
    if (buffer == null || buffer.remaining() != Hash.LENGTH) {
      throw new CassandraStoreException("a row of the store holds a hash of the wrong length", null);
    }
    byte[] bytes = new byte[Hash.LENGTH];
    buffer.duplicate().get(bytes);
    return Hash.fromBytes(bytes);
  }
}

package io.prolly.backend.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.prolly.Codecs;
import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.Store;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.StoreStats;
import io.prolly.spi.WriteTransaction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compaction removes the rows that no state needs any more (counted by direct queries of the
 * tables), holds back for open snapshots of any store instance through their leases, makes a
 * snapshot whose lease lapsed fail clearly, never takes the rows of a commit that may still apply,
 * lets snapshots read whole while commits and compactions run together, and leaves a valid store
 * wherever it is cut.
 */
class CassandraCompactionTest implements CassandraFixture {

  private static final int BUCKETS = 8;

  @TempDir
  Path directory;

  @Test
  void gcThenCompactRemovesTheRowsNoStateNeedsAndKeepsWhatIsReachable() {
    StoreConfig config = config(directory.resolve("repository"));
    StoreStats before;
    try (Repository repository = Prolly.open(config); CassandraNodeStore tables = open(config)) {
      Store<String> main = repository.store("main", Codecs.utf8());
      fill(repository, main);
      before = repository.maintenance().stats();
      Rows grown = Rows.of(tables);
      assertThat(grown.marks()).as("delete marks of the collected nodes").isPositive();
      assertThat(grown.versions()).as("versions stored before compaction").isGreaterThan(before.nodeCount());

      StoreStats after = repository.maintenance().compact();

      Rows compacted = Rows.of(tables);
      assertThat(compacted.marks()).as("delete marks left").isZero();
      assertThat(compacted.versions()).as("one version a node").isEqualTo(after.nodeCount());
      assertThat(compacted.maxVersionsOfANode()).isEqualTo(1);
      assertThat(compacted.commitRecords()).as("commit records, all still referred to by a version")
          .isEqualTo(compacted.transactions()).isLessThan(grown.commitRecords());
      assertThat(after.nodeCount()).isEqualTo(before.nodeCount());
      assertThat(after.nodeBytes()).isEqualTo(before.nodeBytes());
      assertThat(after.refCount()).isEqualTo(before.refCount());
      assertThat(after.storageBytes()).as("storage estimate, against %,d before", before.storageBytes())
          .isLessThan(before.storageBytes())
          .isEqualTo(after.nodeBytes() + (after.nodeCount() + after.refCount() + 1) * StoreState.ROW_OVERHEAD);
      assertThat(repository.maintenance().verify().isClean()).as("everything reachable after compaction").isTrue();
      assertThat(main.size()).isEqualTo(100);
      main.set(key(0), "changed after compaction");
      main.commit("after compaction");
    }
    try (Repository repository = Prolly.open(config)) {
      Store<String> main = repository.store("main", Codecs.utf8());
      assertThat(main.get(key(0))).isEqualTo("changed after compaction");
      assertThat(main.get(key(99))).isEqualTo("kept 99");
      assertThat(repository.maintenance().verify().isClean()).as("everything reachable after reopening").isTrue();
    }
  }

  @Test
  void aSnapshotOpenedBeforeGcStillReadsEverythingWhileAnotherStoreCompacts() {
    StoreConfig config = config(directory.resolve("held"), 60, 3600);
    try (CassandraNodeStore collector = open(config)) {
      CassandraNodeStore reader = open(config);
      commit(collector, write -> {
        write.put(id(1), bytes(1));
        write.put(id(2), bytes(2));
      });
      try (ReadTransaction old = reader.beginRead()) {
        assertThat(old.get(id(1))).isEqualTo(bytes(1));
        commit(collector, write -> {
          write.delete(id(1));
          write.delete(id(2));
        });
        commit(collector, write -> write.put(id(2), bytes(2)));

        collector.compact();

        assertThat(old.get(id(1))).as("a node deleted after the snapshot began").isEqualTo(bytes(1));
        assertThat(old.contains(id(2))).isTrue();
        Set<Hash> listed = new HashSet<>();
        old.forEachNode(listed::add);
        assertThat(listed).containsExactlyInAnyOrder(id(1), id(2));
        assertThat(Rows.of(collector).versionsOf(id(1))).as("versions of node 1, held by the lease").isEqualTo(2);
      }
      reader.close();
      // The closed store's lease row is gone: nothing holds the removal back any more.
      collector.compact();
      Rows compacted = Rows.of(collector);
      assertThat(compacted.versionsOf(id(1))).as("versions of the deleted node").isZero();
      assertThat(compacted.versionsOf(id(2))).as("versions of the node put again").isEqualTo(1);
      try (ReadTransaction now = collector.beginRead()) {
        assertThat(now.get(id(1))).isNull();
        assertThat(now.get(id(2))).isEqualTo(bytes(2));
      }
      assertThat(collector.stats().nodeCount()).isEqualTo(1);
      assertThat(collector.stats().nodeBytes()).isEqualTo(bytes(2).length);
    }
  }

  @Test
  void aSnapshotWhoseLeaseLapsedFailsItsNextReadInsteadOfReadingAHole() throws InterruptedException {
    Path where = directory.resolve("lapsed");
    try (CassandraNodeStore collector = open(config(where, 60, 3600));
        CassandraNodeStore paused = open(config(where, 4, 3600))) {
      commit(collector, write -> write.put(id(1), bytes(1)));
      ReadTransaction old = paused.beginRead();
      assertThat(old.get(id(1))).isEqualTo(bytes(1));
      paused.leases().stopRenewing();
      commit(collector, write -> write.delete(id(1)));
      // Past the TTL of the last renewal and the one-second grain of TTLs.
      Thread.sleep(6_500);

      collector.compact();

      assertThat(Rows.of(collector).versionsOf(id(1))).as("versions of node 1: the lapsed lease held nothing back")
          .isZero();
      assertThatThrownBy(() -> old.get(id(1))).isInstanceOf(SnapshotLapsedException.class)
          .hasMessageContaining("lost its lease").hasMessageContaining("begin a new one");
      assertThatThrownBy(() -> old.contains(id(1))).isInstanceOf(SnapshotLapsedException.class);
      old.close();
      try (ReadTransaction fresh = paused.beginRead()) {
        assertThat(fresh.get(id(1))).isNull();
      }
    }
  }

  @Test
  void aCommitInFlightKeepsItsRowsWhileRowsThatNeverCommittedAndAreOldGo() throws InterruptedException {
    Path where = directory.resolve("in_flight");
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (CassandraNodeStore collector = open(config(where, 60, 3600));
        CassandraNodeStore writer = open(config(where, 60, 3600), holdFirstBatch(entered, release, null))) {
      UUID abandoned = UUID.randomUUID();
      long twoHoursAgo = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis() - TimeUnit.HOURS.toMillis(2));
      writeRow(collector, id(7), abandoned, twoHoursAgo);
      writeRow(collector, id(8), UUID.randomUUID(), TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis()));
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread commit = new Thread(() -> {
        try {
          commit(writer, write -> {
            write.put(id(3), bytes(3));
            write.setRef("three", null, id(3));
          });
        } catch (Throwable e) {
          failure.set(e);
        }
      });
      commit.start();
      assertThat(entered.await(60, TimeUnit.SECONDS)).as("the commit reached its batch").isTrue();

      collector.compact();

      Rows during = Rows.of(collector);
      assertThat(during.versionsOf(id(3))).as("rows of the commit in flight").isEqualTo(1);
      assertThat(during.versionsOf(id(7))).as("rows of a transaction that never committed, two hours old").isZero();
      assertThat(during.versionsOf(id(8))).as("rows of a transaction without a record, written just now")
          .isEqualTo(1);
      release.countDown();
      commit.join(60_000);
      assertThat(failure.get()).isNull();
      collector.compact();
      try (ReadTransaction read = collector.beginRead()) {
        assertThat(read.ref("three")).isEqualTo(id(3));
        assertThat(read.get(id(3))).isEqualTo(bytes(3));
      }
      assertThat(Rows.of(collector).versionsOf(id(3))).isEqualTo(1);
      assertThat(collector.stats().nodeCount()).isEqualTo(1);
    }
  }

  @Test
  void aCommitWhoseRowsTheHorizonPassedWritesThemAgainAndNeverCountsAHole() throws InterruptedException {
    Path where = directory.resolve("passed");
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger batches = new AtomicInteger();
    try (CassandraNodeStore collector = open(config(where, 60, 1));
        CassandraNodeStore writer = open(config(where, 60, 3600), holdFirstBatch(entered, release, batches))) {
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread commit = new Thread(() -> {
        try {
          commit(writer, write -> {
            write.put(id(4), bytes(4));
            write.setRef("four", null, id(4));
          });
        } catch (Throwable e) {
          failure.set(e);
        }
      });
      commit.start();
      assertThat(entered.await(60, TimeUnit.SECONDS)).as("the commit reached its batch").isTrue();
      Thread.sleep(2_100);

      collector.compact();

      assertThat(Rows.of(collector).versionsOf(id(4))).as("rows older than the horizon, without a record").isZero();
      release.countDown();
      commit.join(60_000);
      assertThat(failure.get()).isNull();
      assertThat(batches).as("the held batch lost, and the one of the rows written again applied").hasValue(2);
      try (ReadTransaction read = collector.beginRead()) {
        assertThat(read.ref("four")).isEqualTo(id(4));
        assertThat(read.get(id(4))).isEqualTo(bytes(4));
      }
      assertThat(Rows.of(collector).versionsOf(id(4))).isEqualTo(1);
      assertThat(collector.stats().nodeCount()).isEqualTo(1);
    }
  }

  @Test
  void aCompactionCutAnywhereLeavesAValidStoreThatTheNextOneFinishes() throws InterruptedException {
    StoreConfig config = config(directory.resolve("cut"));
    try (Repository repository = Prolly.open(config); CassandraNodeStore tables = open(config)) {
      Store<String> main = repository.store("main", Codecs.utf8());
      fill(repository, main);
      StoreStats before = repository.maintenance().stats();
      int cut = 0;
      for (long after : List.of(5L, 40L, 150L, 400L)) {
        AtomicReference<RuntimeException> stopped = new AtomicReference<>();
        Thread compaction = new Thread(() -> {
          try {
            repository.maintenance().compact();
          } catch (RuntimeException e) {
            stopped.set(e);
          }
        });
        compaction.start();
        Thread.sleep(after);
        compaction.interrupt();
        compaction.join(120_000);
        if (stopped.get() != null) {
          assertThat(stopped.get()).isInstanceOf(CassandraStoreException.class).hasMessageContaining("interrupted");
          cut++;
        }
        assertThat(repository.maintenance().verify().isClean()).as("verify after a compaction cut after %d ms", after)
            .isTrue();
        StoreStats stats = repository.maintenance().stats();
        assertThat(stats.nodeCount()).isEqualTo(before.nodeCount());
        assertThat(stats.nodeBytes()).isEqualTo(before.nodeBytes());
      }
      assertThat(cut).as("compactions cut short").isPositive();

      StoreStats after = repository.maintenance().compact();

      Rows compacted = Rows.of(tables);
      assertThat(compacted.marks()).isZero();
      assertThat(compacted.versions()).isEqualTo(after.nodeCount());
      assertThat(after.storageBytes())
          .isEqualTo(after.nodeBytes() + (after.nodeCount() + after.refCount() + 1) * StoreState.ROW_OVERHEAD);
      assertThat(repository.maintenance().verify().isClean()).isTrue();
      assertThat(main.size()).isEqualTo(100);
    }
  }

  @Test
  void snapshotsOfOtherStoresReadWholeWhileCommitsAndCompactionsRunTogether() throws InterruptedException {
    Path where = directory.resolve("together");
    int writers = 3;
    int commits = 15;
    List<CassandraNodeStore> stores = new ArrayList<>();
    for (int i = 0; i < writers + 2; i++) {
      stores.add(open(config(where, 60, 3600)));
    }
    try {
      AtomicReference<Throwable> failure = new AtomicReference<>();
      AtomicBoolean done = new AtomicBoolean();
      AtomicInteger compactions = new AtomicInteger();
      AtomicInteger snapshots = new AtomicInteger();
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        CassandraNodeStore store = stores.get(w);
        String ref = "writer" + w;
        int base = 1000 * (w + 1);
        threads.add(new Thread(() -> {
          try {
            for (int c = 0; c < commits; c++) {
              int n = base + c;
              commit(store, write -> {
                write.put(id(n), bytes(n));
                write.setRef(ref, n == base ? null : id(n - 1), id(n));
                if (n > base) {
                  write.delete(id(n - 1));
                }
              });
            }
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
        }));
      }
      CassandraNodeStore compactor = stores.get(writers);
      Thread compacting = new Thread(() -> {
        try {
          while (!done.get()) {
            compactor.compact();
            compactions.incrementAndGet();
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      });
      CassandraNodeStore reader = stores.get(writers + 1);
      Thread reading = new Thread(() -> {
        try {
          while (!done.get()) {
            try (ReadTransaction snapshot = reader.beginRead()) {
              Set<Hash> listed = new HashSet<>();
              snapshot.forEachNode(listed::add);
              // Slower than a compaction, so that removals run while the snapshot reads.
              Thread.sleep(200);
              for (Hash node : listed) {
                assertThat(snapshot.get(node)).as("a node the snapshot listed").isNotNull();
              }
              for (Hash value : snapshot.refs("").values()) {
                assertThat(snapshot.get(value)).as("a ref's node").isNotNull();
              }
              assertThat(listed).hasSameSizeAs(snapshot.refs("").values());
            }
            snapshots.incrementAndGet();
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      });
      threads.forEach(Thread::start);
      compacting.start();
      reading.start();
      for (Thread thread : threads) {
        thread.join(300_000);
      }
      done.set(true);
      compacting.join(120_000);
      reading.join(120_000);
      assertThat(failure.get()).isNull();
      assertThat(compactions.get()).as("compactions during the commits").isGreaterThan(1);
      assertThat(snapshots.get()).as("snapshots read whole during the commits").isGreaterThan(1);
      // Their leases still hold the sequence numbers of their last renewals; closing removes them.
      stores.stream().filter(store -> store != compactor).forEach(CassandraNodeStore::close);

      compactor.compact();

      assertThat(compactor.stats().nodeCount()).isEqualTo(writers);
      Rows compacted = Rows.of(compactor);
      assertThat(compacted.versions()).isEqualTo(writers);
      assertThat(compacted.marks()).isZero();
      try (ReadTransaction read = compactor.beginRead()) {
        for (int w = 0; w < writers; w++) {
          int last = 1000 * (w + 1) + commits - 1;
          assertThat(read.ref("writer" + w)).isEqualTo(id(last));
          assertThat(read.get(id(last))).isEqualTo(bytes(last));
        }
      }
    } finally {
      stores.forEach(CassandraNodeStore::close);
    }
  }

  /** 100 kept keys on main; a scratch branch of four commits, deleted and collected. */
  private static void fill(Repository repository, Store<String> main) {
    for (int i = 0; i < 100; i++) {
      main.set(key(i), "kept " + i);
    }
    main.commit("kept");
    repository.createBranch("scratch", "main");
    Store<String> scratch = repository.store("scratch", Codecs.utf8());
    Random random = new Random(5);
    for (int commit = 0; commit < 4; commit++) {
      for (int i = 0; i < 100; i++) {
        scratch.set(key(random.nextInt(2000)), "x".repeat(200) + random.nextLong());
      }
      scratch.commit("scratch " + commit);
    }
    repository.deleteBranch("scratch");
    assertThat(repository.maintenance().gc().nodesDeleted()).as("nodes only the deleted branch reached").isPositive();
  }

  /** Runs batches as usual, but holds the first one until released. */
  private static CommitWriter.BatchRunner holdFirstBatch(CountDownLatch entered, CountDownLatch release,
      @Nullable AtomicInteger batches) {
    AtomicInteger seen = batches == null ? new AtomicInteger() : batches;
    return (session, batch) -> {
      if (seen.incrementAndGet() == 1) {
        entered.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      return session.execute(batch).wasApplied();
    };
  }

  /** Writes the first row of a version directly, as a transaction that never commits would leave it. */
  private static void writeRow(CassandraNodeStore store, Hash id, UUID txn, long writtenMicros) {
    store.session().execute(SimpleStatement.newInstance("INSERT INTO " + KEYSPACE + ".prolly_nodes"
        + " (store, bucket, hash, txn, chunk, deleted, size, chunks, data) VALUES (?, ?, ?, ?, 0, false, 1, 1, ?)"
        + " USING TIMESTAMP ?", store.config().get(CassandraBackendProvider.STORE), bucketOf(id),
        ByteBuffer.wrap(id.toBytes()), txn, ByteBuffer.wrap(new byte[] {1}), writtenMicros));
  }

  private static int bucketOf(Hash id) {
    return ((id.byteAt(0) & 0xFF) << 8 | (id.byteAt(1) & 0xFF)) % BUCKETS;
  }

  private StoreConfig config(Path where, long leaseSeconds, long uncommittedAgeSeconds) {
    return config(where).toBuilder().option(CassandraBackendProvider.LEASE_SECONDS, leaseSeconds)
        .option(CassandraBackendProvider.UNCOMMITTED_AGE_SECONDS, uncommittedAgeSeconds).build();
  }

  @Override
  public StoreConfig config(Path where) {
    return CassandraFixture.super.config(where).toBuilder()
        .option(CassandraBackendProvider.NODE_BUCKETS, (long) BUCKETS).build();
  }

  private static CassandraNodeStore open(StoreConfig config) {
    return (CassandraNodeStore) new CassandraBackendProvider().open(config);
  }

  private static CassandraNodeStore open(StoreConfig config, CommitWriter.BatchRunner runner) {
    return CassandraNodeStore.open(config, CassandraSettings.of(config), runner);
  }

  private static void commit(CassandraNodeStore store, Consumer<WriteTransaction> changes) {
    try (WriteTransaction write = store.beginWrite()) {
      changes.accept(write);
      write.commit();
    }
  }

  private static Hash id(int n) {
    return Hash.of(bytes(n));
  }

  private static byte[] bytes(int n) {
    return ("node " + n).getBytes(StandardCharsets.UTF_8);
  }

  private static String key(int i) {
    return String.format("k%06d", i);
  }

  /** The store's rows as the tables hold them. */
  private record Rows(Map<Hash, Integer> perNode, int marks, int transactions, int commitRecords) {

    static Rows of(CassandraNodeStore store) {
      CqlSession session = store.session();
      String name = store.config().get(CassandraBackendProvider.STORE);
      Map<Hash, Set<UUID>> versions = new HashMap<>();
      Set<UUID> transactions = new HashSet<>();
      int marks = 0;
      for (int bucket = 0; bucket < BUCKETS; bucket++) {
        for (Row row : session.execute(SimpleStatement.newInstance("SELECT hash, txn, chunk, deleted FROM " + KEYSPACE
            + ".prolly_nodes WHERE store = ? AND bucket = ?", name, bucket))) {
          Hash id = NodeReader.hash(row.getByteBuffer("hash"));
          versions.computeIfAbsent(id, h -> new HashSet<>()).add(row.getUuid("txn"));
          transactions.add(row.getUuid("txn"));
          if (row.getInt("chunk") == 0 && row.getBoolean("deleted")) {
            marks++;
          }
        }
      }
      int records = session.execute(SimpleStatement.newInstance("SELECT name FROM " + KEYSPACE
          + ".prolly_state WHERE store = ? AND kind = " + StoreSchema.COMMIT, name)).all().size();
      Map<Hash, Integer> counts = new HashMap<>();
      versions.forEach((id, txns) -> counts.put(id, txns.size()));
      return new Rows(counts, marks, transactions.size(), records);
    }

    long versions() {
      return perNode.values().stream().mapToLong(Integer::longValue).sum();
    }

    int versionsOf(Hash id) {
      return perNode.getOrDefault(id, 0);
    }

    int maxVersionsOfANode() {
      return perNode.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }
  }
}

package io.prolly.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.Codecs;
import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.Store;
import io.prolly.VerifyReport;
import io.prolly.backend.jdbc.testing.TestPostgres;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.WriteTransaction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The {@code vacuum} option: what {@code compact()} gives back, and who waits meanwhile. */
class JdbcVacuumTest {

  private final TestPostgres postgres = TestPostgres.shared();

  @Test
  void aFullVacuumShrinksTheTablesToWellBelowWhatThePlainVacuumLeavesAndKeepsEveryReachableNode() throws Exception {
    String schema = "vacuum_shrinks";
    StoreConfig plain = postgres.storeConfig(schema);
    StoreConfig full = plain.toBuilder().option(JdbcBackendProvider.VACUUM, JdbcVacuum.FULL).build();
    Map<String, String> kept = new TreeMap<>();
    long afterPlain;
    try (Repository repository = Prolly.open(plain)) {
      Store<String> main = repository.store("main", Codecs.utf8());
      main.set("seed", "0");
      main.commit("seed");
      kept.put("seed", "0");
      repository.createBranch("bulk", "main");
      // Rounds of garbage and live rows, so the live rows are spread through the tables and the
      // plain VACUUM cannot give the space back by cutting off their end.
      for (int round = 0; round < 10; round++) {
        Store<String> bulk = repository.store("bulk", Codecs.utf8());
        for (int i = 0; i < 3_000; i++) {
          bulk.set(String.format(Locale.ROOT, "b%02d-%05d", round, i), filler(round * 3_000 + i, 200));
        }
        bulk.commit("bulk " + round);
        main = repository.store("main", Codecs.utf8());
        for (int i = 0; i < 20; i++) {
          String key = String.format(Locale.ROOT, "m%02d-%02d", round, i);
          String value = filler(-1 - round * 20 - i, 100);
          main.set(key, value);
          kept.put(key, value);
        }
        main.commit("main " + round);
      }
      repository.deleteBranch("bulk");
      assertThat(repository.maintenance().gc().nodesDeleted()).as("nodes only the bulk branch held").isPositive();
      afterPlain = repository.maintenance().compact().storageBytes();
      assertThat(afterPlain).as("bytes on disk after gc and the plain VACUUM, against the live node bytes")
          .isGreaterThan(4 * repository.maintenance().stats().nodeBytes());
    }
    try (Repository repository = Prolly.open(full)) {
      long live = repository.maintenance().stats().nodeBytes();
      long afterFull = repository.maintenance().compact().storageBytes();
      assertThat(afterFull).as("bytes on disk after VACUUM FULL; the plain VACUUM left %,d", afterPlain)
          .isLessThan(afterPlain / 4);
      assertThat(relationSizes(schema)).as("pg_total_relation_size of the node and ref tables")
          .isEqualTo(afterFull);
      // Row headers, the primary key indexes and the tables' first pages on top of the nodes.
      assertThat(afterFull).as("bytes on disk after VACUUM FULL against %,d live node bytes", live)
          .isLessThan(2 * live + 256 * 1024);
      VerifyReport report = repository.maintenance().verify();
      assertThat(report.problems()).as("verify() after VACUUM FULL").isEmpty();
      assertThat(report.nodesChecked()).isPositive();
      Store<String> main = repository.store("main", Codecs.utf8());
      kept.forEach((key, value) -> assertThat(main.get(key)).as("key %s after VACUUM FULL", key).isEqualTo(value));
    }
  }

  @Test
  void aTransactionOpenBeforeTheDeletesStillReadsEveryNodeAfterAFullVacuumWhichShrinksOnceItEnds() {
    StoreConfig config = postgres.storeConfig("vacuum_keeps_snapshots").toBuilder()
        .option(JdbcBackendProvider.VACUUM, JdbcVacuum.FULL).build();
    List<byte[]> nodes = nodes(2_000, 1_000);
    try (NodeStore store = new JdbcBackendProvider().open(config); NodeStore other = new JdbcBackendProvider().open(config)) {
      put(store, nodes);
      long shrunkFrom;
      // A transaction of another store, as another process's would be. It has read nothing, so it
      // holds no table lock and the rewrite does not wait for it, but it must keep its snapshot:
      // VACUUM FULL copies the deleted rows it can still see.
      try (ReadTransaction before = other.beginRead()) {
        deleteAllBut(store, nodes, 10);
        shrunkFrom = store.stats().storageBytes();
        store.compact();
        for (byte[] node : nodes) {
          assertThat(before.get(Hash.of(node))).as("a node deleted after the transaction began").isEqualTo(node);
        }
      }
      store.compact();
      assertThat(store.stats().storageBytes()).as("bytes on disk after VACUUM FULL with no transaction open, "
          + "before %,d", shrunkFrom).isLessThan(shrunkFrom / 4);
      try (ReadTransaction after = store.beginRead()) {
        for (int i = 0; i < nodes.size(); i++) {
          byte[] node = nodes.get(i);
          assertThat(after.get(Hash.of(node))).as("node %d after the deletes and VACUUM FULL", i)
              .isEqualTo(i % 10 == 0 ? node : null);
        }
      }
    }
  }

  @Test
  void aTransactionTheCallingThreadHoldsMakesCompactRunThePlainVacuumInsteadOfWaitingForItForever()
      throws Exception {
    StoreConfig config = postgres.storeConfig("vacuum_own_transaction").toBuilder()
        .option(JdbcBackendProvider.VACUUM, JdbcVacuum.FULL).build();
    List<byte[]> nodes = nodes(2_000, 1_000);
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try (NodeStore store = new JdbcBackendProvider().open(config)) {
      put(store, nodes);
      deleteAllBut(store, nodes, 10);
      long before = store.stats().storageBytes();
      Future<Long> whileOpen = thread.submit(() -> {
        try (ReadTransaction open = store.beginRead()) {
          assertThat(open.get(Hash.of(nodes.get(0)))).isEqualTo(nodes.get(0));
          store.compact();
          assertThat(open.get(Hash.of(nodes.get(10)))).isEqualTo(nodes.get(10));
          return store.stats().storageBytes();
        }
      });
      assertThat(whileOpen.get(60, TimeUnit.SECONDS)).as("bytes on disk after compact() beside the thread's own "
          + "transaction: the plain VACUUM, which cannot shrink tables whose live rows are spread out")
          .isGreaterThan(before / 2);
      Future<Long> afterClose = thread.submit(() -> {
        store.compact();
        return store.stats().storageBytes();
      });
      assertThat(afterClose.get(60, TimeUnit.SECONDS)).as("bytes on disk after compact() with the transaction closed")
          .isLessThan(before / 4);
    } finally {
      thread.shutdownNow();
    }
  }

  @Test
  void readersAndCommitsOfOtherStoresWaitForTheFullVacuumAndThenSucceed() throws Exception {
    String schema = "vacuum_waits";
    StoreConfig config = postgres.storeConfig(schema).toBuilder()
        .option(JdbcBackendProvider.VACUUM, JdbcVacuum.FULL).build();
    List<byte[]> nodes = nodes(2_000, 1_000);
    byte[] later = "committed while VACUUM FULL waited".getBytes(StandardCharsets.UTF_8);
    ExecutorService threads = Executors.newFixedThreadPool(3);
    try (NodeStore store = new JdbcBackendProvider().open(config);
        NodeStore other = new JdbcBackendProvider().open(config);
        Connection holder = postgres.connect()) {
      put(store, nodes);
      deleteAllBut(store, nodes, 10);
      long before = store.stats().storageBytes();
      // Stands for a read-only transaction of another process that has read the node table: the
      // rewrite waits for it, and whoever comes after the rewrite waits behind it.
      holder.setAutoCommit(false);
      try (Statement statement = holder.createStatement()) {
        statement.execute("LOCK TABLE " + schema + ".prolly_nodes IN ACCESS SHARE MODE");
      }
      Future<?> compact = threads.submit(store::compact);
      awaitLockWaiters(1, "VACUUM FULL");
      Future<?> commit = threads.submit(() -> put(other, List.of(later)));
      Future<byte[]> read = threads.submit(() -> {
        try (ReadTransaction tx = other.beginRead()) {
          return tx.get(Hash.of(nodes.get(0)));
        }
      });
      awaitLockWaiters(3, "VACUUM FULL, a commit and a read");
      Thread.sleep(500);
      assertThat(List.of(compact.isDone(), commit.isDone(), read.isDone()))
          .as("compact, commit, read while another transaction holds the node table").containsOnly(false);
      holder.commit();
      compact.get(60, TimeUnit.SECONDS);
      commit.get(60, TimeUnit.SECONDS);
      assertThat(read.get(60, TimeUnit.SECONDS)).as("the read that waited").isEqualTo(nodes.get(0));
      try (ReadTransaction tx = store.beginRead()) {
        assertThat(tx.get(Hash.of(later))).as("the commit that waited").isEqualTo(later);
      }
      assertThat(store.stats().storageBytes()).as("bytes on disk after the VACUUM FULL that waited, before %,d", before)
          .isLessThan(before / 4);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aWriteTransactionThatReadTheTableBeforeTheFullVacuumCommitsOnceTheVacuumGivesUp() throws Exception {
    String schema = "vacuum_gives_up";
    StoreConfig config = postgres.storeConfig(schema).toBuilder()
        .option(JdbcBackendProvider.VACUUM, JdbcVacuum.FULL).build();
    List<byte[]> nodes = nodes(200, 1_000);
    byte[] later = "committed after VACUUM FULL gave up".getBytes(StandardCharsets.UTF_8);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try (NodeStore store = new JdbcBackendProvider().open(config); NodeStore other = new JdbcBackendProvider().open(config)) {
      put(store, nodes);
      WriteTransaction writer = other.beginWrite();
      // Its snapshot now holds a read lock on the node table until the transaction ends, after
      // its commit, and the commit's insert queues behind the rewrite: the two wait for each other.
      assertThat(writer.get(Hash.of(nodes.get(0)))).isEqualTo(nodes.get(0));
      long started = System.nanoTime();
      Future<?> compact = threads.submit(store::compact);
      awaitLockWaiters(1, "VACUUM FULL");
      Future<?> commit = threads.submit(() -> {
        try (writer) {
          writer.put(Hash.of(later), later);
          writer.commit();
        }
      });
      assertThatThrownBy(() -> compact.get(60, TimeUnit.SECONDS)).cause().isInstanceOf(JdbcStoreException.class)
          .hasMessageContaining("gave up").hasMessageContaining("maintenance window")
          .satisfies(e -> assertThat(((JdbcStoreException) e).sqlState()).isEqualTo("55P03"));
      assertThat(System.nanoTime() - started).as("nanoseconds until VACUUM FULL gave up")
          .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(JdbcNodeStore.FULL_VACUUM_LOCK_WAIT_MILLIS));
      commit.get(60, TimeUnit.SECONDS);
      try (ReadTransaction tx = store.beginRead()) {
        assertThat(tx.get(Hash.of(later))).as("the commit that waited for VACUUM FULL").isEqualTo(later);
        for (byte[] node : nodes) {
          assertThat(tx.get(Hash.of(node))).isEqualTo(node);
        }
      }
      store.compact();
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void anUnknownVacuumValueIsRefusedNamingTheAllowedOnes() {
    String uri = postgres.storeConfig("vacuum_bad_value").toString() + "&vacuum=sometimes";
    assertThatThrownBy(() -> Prolly.open(uri)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vacuum").hasMessageContaining("sometimes").hasMessageContaining("plain, full");
  }

  @Test
  void theOptionIsReadInAnyCaseAndPlainIsTheDefault() {
    StoreConfig base = postgres.storeConfig("vacuum_parse");
    assertThat(JdbcSettings.of(base).vacuum()).isEqualTo(JdbcVacuum.PLAIN);
    assertThat(JdbcSettings.of(StoreConfig.parse(base + "&vacuum=FULL")).vacuum()).isEqualTo(JdbcVacuum.FULL);
    assertThat(new JdbcBackendProvider().options()).contains(JdbcBackendProvider.VACUUM);
  }

  /** Waits until at least {@code count} backends of the test server wait for a lock. */
  private void awaitLockWaiters(int count, String who) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try (Connection connection = postgres.connect();
        PreparedStatement statement = connection.prepareStatement(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")) {
      while (true) {
        try (ResultSet rows = statement.executeQuery()) {
          rows.next();
          if (rows.getInt(1) >= count) {
            return;
          }
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("after 30 s, fewer than " + count + " backends wait for a lock: " + who);
        }
        Thread.sleep(20);
      }
    }
  }

  private long relationSizes(String schema) throws SQLException {
    try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT pg_total_relation_size('" + schema + ".prolly_nodes')"
            + " + pg_total_relation_size('" + schema + ".prolly_refs')")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static void put(NodeStore store, List<byte[]> nodes) {
    try (WriteTransaction tx = store.beginWrite()) {
      for (byte[] node : nodes) {
        tx.put(Hash.of(node), node);
      }
      tx.commit();
    }
  }

  /** Deletes every node but each {@code keepEvery}-th, so the live rows are spread through the table. */
  private static void deleteAllBut(NodeStore store, List<byte[]> nodes, int keepEvery) {
    try (WriteTransaction tx = store.beginWrite()) {
      for (int i = 0; i < nodes.size(); i++) {
        if (i % keepEvery != 0) {
          tx.delete(Hash.of(nodes.get(i)));
        }
      }
      tx.commit();
    }
  }

  private static List<byte[]> nodes(int count, int size) {
    List<byte[]> nodes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      nodes.add(filler(i, size).getBytes(StandardCharsets.UTF_8));
    }
    return nodes;
  }

  /** Text that does not compress, different for every seed. */
  private static String filler(int seed, int length) {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder text = new StringBuilder(length);
    while (text.length() < length) {
      text.append((char) ('a' + random.nextInt(26)));
    }
    return text.toString();
  }
}

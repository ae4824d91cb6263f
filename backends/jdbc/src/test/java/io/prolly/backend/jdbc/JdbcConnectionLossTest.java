package io.prolly.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The database connection of a commit is killed ({@code pg_terminate_backend}) while the commit
 * runs: before {@code COMMIT} it is retried on a new connection, or fails clearly when retries
 * are off; during {@code COMMIT} the store asks the server what became of the transaction. In
 * every case the commit is applied entirely or not at all.
 */
class JdbcConnectionLossTest {

  private static final String REF = "heads/main";
  private static final int NODES = 200;

  private final TestPostgres postgres = TestPostgres.shared();

  @Test
  void aCommitWhoseConnectionIsKilledBeforeCommitIsRetriedAndAppliedOnce() throws Exception {
    StoreConfig config = postgres.storeConfig("loss_retried");
    try (NodeStore store = new JdbcBackendProvider().open(config); Connection admin = postgres.connect()) {
      Hash start = commitRef(store, null, "start");
      Map<Hash, byte[]> nodes = nodes("retried");
      Hash target = nodes.keySet().iterator().next();
      try (Connection blocker = postgres.connect()) {
        lockRef(blocker, "loss_retried");
        CompletableFuture<Void> commit = CompletableFuture.runAsync(() -> commit(store, nodes, start, target));
        int first = awaitWaitingCommit(admin, "Lock", -1);
        terminate(admin, first);
        // The retry runs on a new connection and waits on the same lock; then let it through.
        awaitWaitingCommit(admin, "Lock", first);
        blocker.rollback();
        commit.get(60, TimeUnit.SECONDS);
      }
      assertApplied(store, nodes, target);
    }
  }

  @Test
  void withoutRetriesACommitWhoseConnectionIsKilledFailsClearlyAndAppliesNothing() throws Exception {
    StoreConfig config = postgres.storeConfig("loss_failed").toBuilder()
        .option(JdbcBackendProvider.RETRIES, 0L).build();
    try (NodeStore store = new JdbcBackendProvider().open(config); Connection admin = postgres.connect()) {
      Hash start = commitRef(store, null, "start");
      Map<Hash, byte[]> nodes = nodes("failed");
      Hash target = nodes.keySet().iterator().next();
      CompletableFuture<Void> commit;
      try (Connection blocker = postgres.connect()) {
        lockRef(blocker, "loss_failed");
        commit = CompletableFuture.runAsync(() -> commit(store, nodes, start, target));
        terminate(admin, awaitWaitingCommit(admin, "Lock", -1));
        blocker.rollback();
      }
      assertThatThrownBy(() -> commit.get(60, TimeUnit.SECONDS)).hasCauseInstanceOf(JdbcStoreException.class)
          .cause().hasMessageContaining("cannot commit").hasMessageContaining("SQL state 57P01");
      try (ReadTransaction tx = store.beginRead()) {
        assertThat(tx.ref(REF)).as("the ref after the failed commit").isEqualTo(start);
        nodes.keySet().forEach(id -> assertThat(tx.contains(id)).as("node %s of the failed commit", id).isFalse());
      }
      assertThat(store.stats().nodeCount()).isEqualTo(1);
    }
  }

  /**
   * A commit waits in {@code COMMIT} for a synchronous standby that does not exist, so the
   * transaction is already durable locally when its connection is killed: the store must find
   * out that it committed and report success, not failure (and not commit it twice).
   */
  @Test
  void aConnectionKilledDuringCommitIsSettledByAskingTheServer() throws Exception {
    StoreConfig config = postgres.storeConfig("loss_during_commit");
    try (NodeStore store = new JdbcBackendProvider().open(config); Connection admin = postgres.connect()) {
      Hash start = commitRef(store, null, "start");
      Map<Hash, byte[]> nodes = nodes("during");
      Hash target = nodes.keySet().iterator().next();
      CompletableFuture<Void> commit;
      try (Statement statement = admin.createStatement()) {
        statement.execute("ALTER SYSTEM SET synchronous_standby_names = 'absent_standby'");
        statement.execute("SELECT pg_reload_conf()");
        try {
          awaitReloaded("synchronous_standby_names", "absent_standby");
          commit = CompletableFuture.runAsync(() -> commit(store, nodes, start, target));
          terminate(admin, awaitWaitingCommit(admin, "IPC", -1));
        } finally {
          statement.execute("ALTER SYSTEM RESET synchronous_standby_names");
          statement.execute("SELECT pg_reload_conf()");
        }
      }
      commit.get(60, TimeUnit.SECONDS);
      assertApplied(store, nodes, target);
    }
  }

  private static Hash commitRef(NodeStore store, Hash expected, String text) {
    byte[] node = text.getBytes(StandardCharsets.UTF_8);
    Hash id = Hash.of(node);
    try (WriteTransaction tx = store.beginWrite()) {
      tx.put(id, node);
      tx.setRef(REF, expected, id);
      tx.commit();
    }
    return id;
  }

  private static void commit(NodeStore store, Map<Hash, byte[]> nodes, Hash expected, Hash target) {
    try (WriteTransaction tx = store.beginWrite()) {
      tx.putAll(nodes);
      tx.setRef(REF, expected, target);
      tx.commit();
    }
  }

  private static Map<Hash, byte[]> nodes(String label) {
    Map<Hash, byte[]> nodes = new LinkedHashMap<>();
    for (int i = 0; i < NODES; i++) {
      byte[] node = (label + " node " + i).repeat(50).getBytes(StandardCharsets.UTF_8);
      nodes.put(Hash.of(node), node);
    }
    return nodes;
  }

  private static void assertApplied(NodeStore store, Map<Hash, byte[]> nodes, Hash target) {
    try (ReadTransaction tx = store.beginRead()) {
      assertThat(tx.ref(REF)).as("the ref after the commit").isEqualTo(target);
      nodes.forEach((id, node) -> assertThat(tx.get(id)).as("node %s", id).isEqualTo(node));
    }
    assertThat(store.stats().nodeCount()).as("the start node and the commit's nodes").isEqualTo(NODES + 1);
  }

  /** Locks the ref's row from another transaction, so a commit that moves it waits. */
  private static void lockRef(Connection blocker, String schema) throws SQLException {
    blocker.setAutoCommit(false);
    try (PreparedStatement lock = blocker.prepareStatement(
        "SELECT 1 FROM " + schema + ".prolly_refs WHERE name = ? FOR UPDATE")) {
      lock.setString(1, REF);
      lock.executeQuery().close();
    }
  }

  /**
   * Waits until the server has reloaded its configuration: a new session sees the setting. The
   * server signals its other sessions as it reloads, and each applies the setting before its next
   * statement, so a commit started after this waits as the setting says; one started before the
   * reload would not.
   */
  private void awaitReloaded(String setting, String value) throws Exception {
    for (int attempt = 0; attempt < 1_000; attempt++) {
      try (Connection fresh = postgres.connect(); Statement show = fresh.createStatement();
          ResultSet row = show.executeQuery("SHOW " + setting)) {
        if (row.next() && row.getString(1).equals(value)) {
          return;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the server did not take " + setting + " = " + value + " within 10 s of pg_reload_conf()");
  }

  /** Waits until a backend other than {@code except} waits (on a lock, or for replication). */
  private static int awaitWaitingCommit(Connection admin, String waitType, int except) throws Exception {
    try (PreparedStatement find = admin.prepareStatement("SELECT pid FROM pg_stat_activity WHERE wait_event_type = ?"
        + " AND (query LIKE 'UPDATE %prolly_refs%' OR query = 'COMMIT') AND pid <> ?")) {
      find.setString(1, waitType);
      find.setInt(2, except);
      for (int attempt = 0; attempt < 6_000; attempt++) {
        try (ResultSet rows = find.executeQuery()) {
          if (rows.next()) {
            return rows.getInt(1);
          }
        }
        Thread.sleep(10);
      }
    }
    throw new AssertionError("no commit waited (" + waitType + ") within a minute");
  }

  private static void terminate(Connection admin, int pid) throws SQLException {
    try (PreparedStatement kill = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
      kill.setInt(1, pid);
      kill.executeQuery().close();
    }
  }
}

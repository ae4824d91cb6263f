package io.prolly.backend.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.CASWriteUnknownException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.WriteType;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.WriteTransaction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commits whose conditional batch times out with an unknown outcome, injected between the store
 * and the driver: whether the batch applied or not, the serial read of the commit record settles
 * it, and the transaction is applied exactly once; when the serial reads fail too, the commit says
 * its outcome is unknown and keeps the rows that may have committed.
 */
class CassandraCommitOutcomeTest implements CassandraFixture {

  @TempDir
  Path directory;

  @Test
  void aBatchThatAppliedButTimedOutCountsOnceAndIsNotAppliedAgain() {
    AtomicInteger batches = new AtomicInteger();
    try (NodeStore store = open(directory.resolve("applied"), (session, batch) -> {
      boolean applied = session.execute(batch).wasApplied();
      if (batches.incrementAndGet() == 1) {
        throw new WriteTimeoutException(null, DefaultConsistencyLevel.SERIAL, 0, 1, WriteType.CAS);
      }
      return applied;
    })) {
      increment(store);
      assertThat(batches).as("the applied batch was settled by a serial read, not sent again").hasValue(1);
      increment(store);
      try (ReadTransaction read = store.beginRead()) {
        assertThat(read.ref("counter")).isEqualTo(Hash.of(bytes(2)));
        assertThat(read.get(Hash.of(bytes(1)))).isEqualTo(bytes(1));
      }
      assertThat(store.stats().nodeCount()).isEqualTo(2);
      assertThat(store.stats().figures().get("commits")).isEqualTo(2);
    }
  }

  @Test
  void aBatchThatDidNotApplyAndTimedOutIsSentAgainAndAppliedOnce() {
    AtomicInteger batches = new AtomicInteger();
    try (NodeStore store = open(directory.resolve("lost"), (session, batch) -> {
      if (batches.incrementAndGet() == 1) {
        throw new CASWriteUnknownException(null, DefaultConsistencyLevel.SERIAL, 0, 1);
      }
      return session.execute(batch).wasApplied();
    })) {
      increment(store);
      assertThat(batches).as("the batch that never ran was sent again after the serial read").hasValue(2);
      try (ReadTransaction read = store.beginRead()) {
        assertThat(read.ref("counter")).isEqualTo(Hash.of(bytes(1)));
      }
      assertThat(store.stats().figures().get("commits")).isEqualTo(1);
      assertThat(store.stats().nodeCount()).isEqualTo(1);
    }
  }

  @Test
  void aCommitWhoseOutcomeCannotBeSettledSaysSoAndKeepsWhatMayHaveCommitted() {
    Path where = directory.resolve("unsettled");
    CommitWriter.BatchRunner unreachable = new CommitWriter.BatchRunner() {
      @Override
      public boolean run(CqlSession session, BatchStatement batch) {
        session.execute(batch);
        throw new WriteTimeoutException(null, DefaultConsistencyLevel.SERIAL, 0, 1, WriteType.CAS);
      }

      @Override
      public Row readCommitRecord(CqlSession session, BoundStatement read) {
        throw new DriverTimeoutException("injected: the serial read timed out");
      }
    };
    try (NodeStore store = open(where, unreachable)) {
      try (WriteTransaction write = store.beginWrite()) {
        write.put(Hash.of(bytes(1)), bytes(1));
        write.setRef("counter", null, Hash.of(bytes(1)));
        assertThatThrownBy(write::commit).isInstanceOf(CommitOutcomeUnknownException.class)
            .hasMessageContaining("applied entirely or not at all").hasMessageContaining("Read the refs");
      }
    }
    // The batch did apply: its node rows must still be there, not dropped as a failed commit's.
    StoreConfig config = config(where);
    try (NodeStore store = new CassandraBackendProvider().open(config);
        ReadTransaction read = store.beginRead()) {
      assertThat(read.ref("counter")).isEqualTo(Hash.of(bytes(1)));
      assertThat(read.get(Hash.of(bytes(1)))).isEqualTo(bytes(1));
      assertThat(store.stats().nodeCount()).isEqualTo(1);
    }
  }

  private NodeStore open(Path where, CommitWriter.BatchRunner runner) {
    StoreConfig config = config(where);
    return CassandraNodeStore.open(config, CassandraSettings.of(config), runner);
  }

  /** Moves the ref "counter" from the node of n to the node of n + 1, storing that node. */
  private static void increment(NodeStore store) {
    try (WriteTransaction write = store.beginWrite()) {
      Hash current = write.ref("counter");
      int next = current == null ? 1 : 2;
      write.put(Hash.of(bytes(next)), bytes(next));
      write.setRef("counter", current, Hash.of(bytes(next)));
      write.commit();
    }
  }

  private static byte[] bytes(int n) {
    return ("value " + n).getBytes(StandardCharsets.UTF_8);
  }
}

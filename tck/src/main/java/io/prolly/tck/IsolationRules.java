package io.prolly.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.WriteTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;

/** Each transaction sees one committed state plus its own writes, and nothing uncommitted. */
abstract class IsolationRules extends ContractBase {

  IsolationRules(BackendFixture fixture) {
    super(fixture);
  }

  /** An open read transaction keeps seeing its snapshot while writers commit new states. */
  @Contract(value = "Every read sees the committed state as it was when the transaction began, whatever other "
      + "transactions commit meanwhile (ReadTransaction).",
      catches = "reads that go to the latest committed state, or nodes deleted in place under open snapshots "
      + "(self-test flaws: READS_LATEST_INSTEAD_OF_SNAPSHOT, DELETES_NODES_UNDER_OPEN_SNAPSHOTS)")
  @Property(tries = 300)
  void required_readTransactionKeepsItsSnapshotWhileWritersCommit(
      @ForAll("nodes") Map<Hash, byte[]> existing, @ForAll("nodes") Map<Hash, byte[]> added) {
    NodeStore store = newStore().store;
    StoreModel before = AtomicityRules.seed(store, existing);
    try (ReadTransaction snapshot = store.beginRead()) {
      before.assertSeenBy(snapshot, "snapshot before the commits");
      StoreModel after = before.copy();
      for (Map.Entry<Hash, byte[]> node : added.entrySet()) {
        try (WriteTransaction tx = store.beginWrite()) {
          tx.put(node.getKey(), node.getValue());
          tx.setRef("heads/main", tx.ref("heads/main"), node.getKey());
          Hash victim = existing.keySet().iterator().next();
          if (!added.containsKey(victim)) {
            tx.delete(victim);
            after.delete(victim);
          }
          tx.commit();
        }
        after.put(node.getKey(), node.getValue());
        after.setRef("heads/main", node.getKey());
      }
      before.assertSeenBy(snapshot, "snapshot after " + added.size() + " later commits");
      after.assertCommittedIn(store, "a new transaction after the commits");
    }
  }

  /**
   * A snapshot keeps seeing a node that later commits delete and store again, also once older
   * snapshots have closed: a backend that keeps versions of a node must not drop the one an open
   * snapshot reads when the oldest open snapshot moves on.
   */
  @Contract(value = "A read transaction sees the store as of its start until it closes, whatever later commits delete and store "
      + "again, and whichever other snapshots close meanwhile (NodeStore: Isolation).",
      catches = "a multi-version store that prunes the version an open snapshot reads when the oldest snapshot moves on")
  @Example
  void required_snapshotKeepsANodeThatIsDeletedAndStoredAgainWhileOlderSnapshotsClose() {
    NodeStore store = newStore().store;
    byte[] node = bytes("deleted and stored again");
    Hash id = idOf(node);
    ReadTransaction empty = store.beginRead();
    commitNode(store, node);
    try (ReadTransaction holding = store.beginRead()) {
      deleteNode(store, id);
      try (ReadTransaction deleted = store.beginRead()) {
        commitNode(store, node);
        empty.close();
        // Two more commits, so a backend that tidies up old versions at commit has done so.
        commitNode(store, bytes("a later node"));
        commitNode(store, bytes("one more node"));
        assertSees(holding, id, node, "a snapshot begun while the node existed");
        assertSees(deleted, id, null, "a snapshot begun after the node was deleted");
      }
      assertSees(holding, id, node, "a snapshot begun while the node existed, after a younger one closed");
    }
    try (ReadTransaction now = store.beginRead()) {
      assertSees(now, id, node, "a new transaction");
    }
  }

  /** Staged changes are invisible to other transactions until commit; then only to new ones. */
  @Contract(value = "A write transaction's changes stay invisible to every other transaction until commit() applies "
      + "them; then they are seen by transactions that begin afterwards (WriteTransaction).",
      catches = "ref() answering a value another transaction has staged but not committed (self-test flaws: "
      + "READS_REFS_STAGED_BY_OTHER_TRANSACTIONS, READS_LATEST_INSTEAD_OF_SNAPSHOT)")
  @Property(tries = 300)
  void required_uncommittedWritesAreInvisibleToOtherTransactions(
      @ForAll("nodes") Map<Hash, byte[]> existing, @ForAll("nodes") Map<Hash, byte[]> added) {
    NodeStore store = newStore().store;
    StoreModel before = AtomicityRules.seed(store, existing);
    StoreModel after = before.copy();
    try (WriteTransaction tx = store.beginWrite()) {
      tx.putAll(added);
      added.forEach(after::put);
      tx.setRef("heads/staged", null, added.keySet().iterator().next());
      after.setRef("heads/staged", added.keySet().iterator().next());
      try (ReadTransaction during = store.beginRead()) {
        before.assertSeenBy(during, "another transaction while changes are staged");
        assertThat(during.ref("heads/staged")).as("a ref staged by another transaction").isNull();
        added.keySet().stream().filter(id -> !existing.containsKey(id)).forEach(id ->
            assertThat(during.contains(id)).as("a node staged by another transaction").isFalse());
        tx.commit();
        before.assertSeenBy(during, "a transaction begun before the commit, after it");
      }
    }
    after.assertCommittedIn(store, "a new transaction after the commit");
  }

  /** A write transaction reads its own puts, deletes and ref changes. */
  @Contract(value = "A write transaction reads the committed state as of its start plus its own changes "
      + "(read-your-writes), in get, contains, ref and refs (WriteTransaction).",
      catches = "refs(prefix) in a write transaction listing the committed refs without its own changes, or in the "
      + "wrong order (self-test flaws: LISTS_REFS_WITHOUT_OWN_CHANGES, LISTS_REFS_IN_REVERSE_ORDER)")
  @Property(tries = 300)
  void required_writeTransactionReadsItsOwnWrites(
      @ForAll("nodes") Map<Hash, byte[]> existing, @ForAll("nodes") Map<Hash, byte[]> added) {
    NodeStore store = newStore().store;
    StoreModel model = AtomicityRules.seed(store, existing);
    try (WriteTransaction tx = store.beginWrite()) {
      tx.putAll(added);
      added.forEach(model::put);
      for (Hash id : existing.keySet()) {
        if (!added.containsKey(id)) {
          tx.delete(id);
          model.delete(id);
          break;
        }
      }
      Hash target = added.keySet().iterator().next();
      tx.setRef("heads/main", tx.ref("heads/main"), target);
      model.setRef("heads/main", target);
      tx.setRef("tags/seed", tx.ref("tags/seed"), null);
      model.setRef("tags/seed", null);
      tx.setRef("heads/\u00fcber", null, target);
      model.setRef("heads/\u00fcber", target);
      model.assertSeenBy(tx, "inside the write transaction");
    }
  }

  /**
   * forEachNode calls its action exactly once for every node of the transaction's view, never
   * twice for one: in a read transaction, as many times as {@code stats()} counts nodes, and in a
   * write transaction over its own puts and deletes too.
   */
  @Contract(value = "forEachNode calls an action once for the id of every node in this transaction's view "
      + "(ReadTransaction).",
      catches = "a paged scan that starts each page at the last id of the previous one, or stops one short "
      + "(self-test flaws: FOR_EACH_NODE_REPEATS_PAGE_BOUNDARIES, FOR_EACH_NODE_SKIPS_THE_LAST_NODE)")
  @Property(tries = 50)
  void required_forEachNodeVisitsEveryNodeExactlyOnce(
      @ForAll("manyNodes") Map<Hash, byte[]> existing, @ForAll("nodes") Map<Hash, byte[]> added) {
    NodeStore store = newStore().store;
    StoreModel model = AtomicityRules.seed(store, existing);
    try (ReadTransaction tx = store.beginRead()) {
      List<Hash> visited = new ArrayList<>();
      tx.forEachNode(visited::add);
      assertThat(visited).as("the ids forEachNode visits in a read transaction")
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(model.nodes().keySet());
      assertThat((long) visited.size()).as("visits of forEachNode against stats().nodeCount()")
          .isEqualTo(store.stats().nodeCount());
    }
    try (WriteTransaction tx = store.beginWrite()) {
      tx.putAll(added);
      added.forEach(model::put);
      Hash victim = existing.keySet().iterator().next();
      if (!added.containsKey(victim)) {
        tx.delete(victim);
        model.delete(victim);
      }
      List<Hash> visited = new ArrayList<>();
      tx.forEachNode(visited::add);
      assertThat(visited).as("the ids forEachNode visits in a write transaction with puts and a delete")
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(model.nodes().keySet());
    }
  }

  /**
   * While a writer commits states in which two refs always point to the same new node, readers
   * never see the refs disagree, never see a ref to a missing node, and see the same values for
   * as long as their transaction is open.
   */
  @Contract(value = "A commit applies all its changes atomically, and a transaction sees one committed state, fixed "
      + "when it began (NodeStore: Atomicity, Isolation).",
      catches = "a commit that publishes one ref before the other, or a ref before its node, so a reader catches it "
      + "half done")
  @Example
  void required_concurrentReadersNeverSeeAHalfAppliedCommit() throws Exception {
    NodeStore store = newStore().store;
    int commits = 2_000;
    AtomicBoolean writing = new AtomicBoolean(true);
    CountDownLatch readersRunning = new CountDownLatch(2);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(pool.submit(() -> {
          readersRunning.countDown();
          do {
            try (ReadTransaction tx = store.beginRead()) {
              Hash a = tx.ref("heads/a");
              Hash b = tx.ref("heads/b");
              assertThat(a).as("heads/a and heads/b are always committed together").isEqualTo(b);
              if (a != null) {
                assertThat(tx.get(a)).as("the node a ref points to").isNotNull();
              }
              Thread.yield();
              assertThat(tx.ref("heads/a")).as("a ref read twice in one transaction").isEqualTo(a);
            }
          } while (writing.get());
          return null;
        }));
      }
      Future<?> writer = pool.submit(() -> {
        try {
          readersRunning.await();
          for (int i = 0; i < commits; i++) {
            byte[] node = bytes("state " + i);
            Hash id = Hash.of(node);
            try (WriteTransaction tx = store.beginWrite()) {
              tx.put(id, node);
              tx.setRef("heads/a", tx.ref("heads/a"), id);
              tx.setRef("heads/b", tx.ref("heads/b"), id);
              tx.commit();
            }
          }
        } finally {
          writing.set(false);
        }
        return null;
      });
      writer.get(120, TimeUnit.SECONDS);
      for (Future<?> reader : readers) {
        reader.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * A transaction may be handed from thread to thread, as long as one thread uses it at a time:
   * a read transaction begun on one thread is read and closed on others, and a write transaction
   * handed to another thread for reading keeps seeing its own writes.
   */
  @Contract(value = "A transaction belongs to one thread at a time, not to the thread that began it; a write "
      + "transaction may be read from another thread while its owner waits (NodeStore, WriteTransaction).",
      catches = "a snapshot or staging area kept in a ThreadLocal, so a transaction handed to another thread loses "
      + "its view or its own writes")
  @Example
  void required_transactionsMayMoveBetweenThreadsOneAtATime() throws Exception {
    NodeStore store = newStore().store;
    Hash id = commitNode(store, bytes("shared"));
    ExecutorService first = Executors.newSingleThreadExecutor();
    ExecutorService second = Executors.newSingleThreadExecutor();
    try {
      ReadTransaction read = first.submit(store::beginRead).get(60, TimeUnit.SECONDS);
      commitNode(store, bytes("later"));
      assertThat(second.submit(() -> read.get(id)).get(60, TimeUnit.SECONDS))
          .as("a read transaction used on another thread").isEqualTo(bytes("shared"));
      assertThat(second.submit(() -> read.contains(Hash.of(bytes("later")))).get(60, TimeUnit.SECONDS))
          .as("its snapshot on the other thread").isFalse();
      second.submit(read::close).get(60, TimeUnit.SECONDS);

      try (WriteTransaction write = store.beginWrite()) {
        write.put(Hash.of(bytes("staged")), bytes("staged"));
        assertThat(first.submit(() -> write.get(Hash.of(bytes("staged")))).get(60, TimeUnit.SECONDS))
            .as("a write transaction's own write, read on another thread").isEqualTo(bytes("staged"));
        write.commit();
      }
    } finally {
      first.shutdownNow();
      second.shutdownNow();
    }
    try (ReadTransaction tx = store.beginRead()) {
      assertThat(tx.get(Hash.of(bytes("staged")))).isEqualTo(bytes("staged"));
    }
  }

  @Provide
  Arbitrary<Map<Hash, byte[]>> manyNodes() {
    return Generators.nodes(200).list().ofMinSize(10).ofMaxSize(60).map(Generators::byId);
  }

  @Provide
  Arbitrary<Map<Hash, byte[]>> nodes() {
    return Generators.nodeMaps(30, 1000);
  }

  private static void deleteNode(NodeStore store, Hash id) {
    try (WriteTransaction tx = store.beginWrite()) {
      tx.delete(id);
      tx.commit();
    }
  }

  private static void assertSees(ReadTransaction tx, Hash id, byte @Nullable [] node, String who) {
    assertThat(tx.get(id)).as("get() by %s", who).isEqualTo(node);
    assertThat(tx.contains(id)).as("contains() by %s", who).isEqualTo(node != null);
    assertThat(nodeIds(tx).contains(id)).as("forEachNode() by %s lists the node", who).isEqualTo(node != null);
  }
}

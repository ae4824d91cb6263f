package io.prolly.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.error.ConcurrencyException;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.WriteTransaction;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A transaction applies all of its changes or none of them. */
abstract class AtomicityRules extends ContractBase {

  private static final byte[] COMPETITOR = bytes("the competing transaction's node, longer than any generated node"
      + " so that no generated map can hold it: " + "x".repeat(2100));
  private static final Hash COMPETITOR_ID = Hash.of(COMPETITOR);

  AtomicityRules(BackendFixture fixture) {
    super(fixture);
  }

  /** After a commit, every put, delete and ref change of the transaction is visible. */
  @Contract(value = "A WriteTransaction.commit() applies every put, delete and ref change of the transaction "
      + "(NodeStore: Atomicity).",
      catches = "a commit that applies the puts but forgets node or ref deletes, or figures and forEachNode that "
      + "miss the change (self-test flaws: IGNORES_NODE_DELETES, IGNORES_REF_DELETES, MISCOUNTS_DELETED_BYTES, "
      + "FOR_EACH_NODE_SKIPS_THE_LAST_NODE)")
  @Property(tries = 200)
  void required_commitAppliesEveryChange(
      @ForAll("existing") Map<Hash, byte[]> existing, @ForAll("added") Map<Hash, byte[]> added) {
    NodeStore store = newStore().store;
    StoreModel model = seed(store, existing);
    try (WriteTransaction tx = store.beginWrite()) {
      tx.putAll(added);
      added.forEach(model::put);
      Hash deleted = existing.keySet().iterator().next();
      tx.delete(deleted);
      model.delete(deleted);
      tx.setRef("heads/main", model.ref("heads/main"), added.keySet().iterator().next());
      model.setRef("heads/main", added.keySet().iterator().next());
      tx.setRef("tags/seed", model.ref("tags/seed"), null);
      model.setRef("tags/seed", null);
      tx.commit();
    }
    model.assertCommittedIn(store, "after the commit");
  }

  /** Rollback, and close without commit, discard every staged put, delete and ref change. */
  @Contract(value = "rollback(), or close() without a commit, discards every change of the transaction "
      + "(WriteTransaction).",
      catches = "close() of an uncommitted write transaction commits it instead of rolling it back (self-test flaw: "
      + "CLOSE_WITHOUT_COMMIT_COMMITS)")
  @Property(tries = 400)
  void required_rollbackAndCloseWithoutCommitLeaveNoTrace(
      @ForAll("existing") Map<Hash, byte[]> existing, @ForAll("added") Map<Hash, byte[]> added,
      @ForAll boolean byClose) {
    NodeStore store = newStore().store;
    StoreModel model = seed(store, existing);
    WriteTransaction tx = store.beginWrite();
    stageEverything(tx, existing, added);
    if (byClose) {
      tx.close();
    } else {
      tx.rollback();
    }
    model.assertCommittedIn(store, byClose ? "after close without commit" : "after rollback");
  }

  /**
   * Two transactions change the same ref from the same expected value. Exactly one commits;
   * the other fails with {@code ConcurrencyException} and leaves no trace of its many puts,
   * deletes and ref changes. A backend may serialise writers (the second waits for the first)
   * or detect the conflict at commit; both are fine.
   */
  @Contract(value = "A failed ref expectation at commit fails the whole transaction with ConcurrencyException, and "
      + "nothing of it is applied (WriteTransaction).",
      catches = "the commit writes or deletes its nodes before it checks the ref expectations, or does not check "
      + "them at all (self-test flaws: WRITES_NODES_BEFORE_CAS_CHECK, DELETES_NODES_BEFORE_CAS_CHECK, IGNORES_CAS)")
  @Property(tries = 50)
  void required_conflictingTransactionsCommitOneAndLeaveNoTraceOfTheOther(
      @ForAll("existing") Map<Hash, byte[]> existing,
      @ForAll("added") Map<Hash, byte[]> first,
      @ForAll("added") Map<Hash, byte[]> second) throws Exception {
    NodeStore store = newStore().store;
    StoreModel model = seed(store, existing);
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      WriteTransaction tx = store.beginWrite();
      stageEverything(tx, existing, first);
      // The other writer starts after this one has staged its ref change.
      Future<Boolean> competitor = other.submit(() -> commitCompeting(store, second));
      boolean otherFinishedFirst = waitBriefly(competitor);
      boolean thisCommitted = commits(tx);
      boolean otherCommitted = competitor.get(60, TimeUnit.SECONDS);
      assertThat(thisCommitted ^ otherCommitted)
          .as("exactly one of two transactions moving heads/main from the same value commits"
              + " (this one committed: %s, the other committed: %s, the other finished first: %s)",
              thisCommitted, otherCommitted, otherFinishedFirst)
          .isTrue();
      if (thisCommitted) {
        applyEverything(model, existing, first);
      } else {
        second.forEach(model::put);
        model.put(COMPETITOR_ID, COMPETITOR);
        model.setRef("heads/main", COMPETITOR_ID);
      }
      model.assertCommittedIn(store, thisCommitted ? "the first transaction won" : "the second transaction won");
    } finally {
      other.shutdownNow();
    }
  }

  /**
   * A transaction that lost a race to another leaves no trace, not only right after its commit
   * failed but also after later commits and, for a persistent backend, after reopen: none of its
   * nodes, deletes or ref changes surface with what comes after.
   */
  @Contract(value = "A commit that fails with ConcurrencyException applies nothing, now or later: none of its "
      + "nodes, deletes or ref changes surface with later commits or after reopening (WriteTransaction.commit).",
      catches = "one write batch reused for every commit and not cleared when a commit fails, or a log that replays "
      + "a failed commit's nodes at open (self-test flaws: REUSES_THE_WRITE_BATCH_OF_A_FAILED_COMMIT, "
      + "REPLAYS_THE_NODES_OF_FAILED_COMMITS_AT_OPEN)")
  @Property(tries = 30)
  void required_aTransactionThatLostARaceLeavesNoTraceAfterLaterCommitsAndReopen(
      @ForAll("existing") Map<Hash, byte[]> existing,
      @ForAll("added") Map<Hash, byte[]> lost,
      @ForAll("existing") Map<Hash, byte[]> later) throws Exception {
    ContractBase.StoreHandle handle = newStore();
    NodeStore store = handle.store;
    StoreModel model = seed(store, existing);
    ExecutorService other = Executors.newSingleThreadExecutor();
    boolean thisCommitted;
    try {
      WriteTransaction tx = store.beginWrite();
      stageEverything(tx, existing, lost);
      Future<Boolean> competitor = other.submit(() -> commitCompeting(store, Map.of()));
      waitBriefly(competitor);
      thisCommitted = commits(tx);
      boolean otherCommitted = competitor.get(60, TimeUnit.SECONDS);
      assertThat(thisCommitted ^ otherCommitted)
          .as("exactly one of two transactions moving heads/main from the same value commits").isTrue();
    } finally {
      other.shutdownNow();
    }
    if (thisCommitted) {
      applyEverything(model, existing, lost);
    } else {
      model.put(COMPETITOR_ID, COMPETITOR);
      model.setRef("heads/main", COMPETITOR_ID);
    }
    String loser = thisCommitted ? "the competing transaction" : "the staged transaction";
    model.assertCommittedIn(store, "right after " + loser + " lost the race");
    try (WriteTransaction tx = store.beginWrite()) {
      tx.putAll(later);
      later.forEach(model::put);
      tx.setRef("heads/later", null, later.keySet().iterator().next());
      model.setRef("heads/later", later.keySet().iterator().next());
      tx.commit();
    }
    model.assertCommittedIn(store, "after a later commit, once " + loser + " lost the race");
    if (fixture().persistent()) {
      model.assertCommittedIn(handle.reopen(), "after reopen, once " + loser + " lost the race");
    }
  }

  /**
   * Setting a ref to the value it has asserts that value at commit: if another transaction moved
   * the ref meanwhile, the commit fails and leaves no trace of its puts. (A backend that serialises
   * writers makes the other wait instead, and both commit, one after the other.) Repositories rely
   * on this to fail writes that overlapped a garbage collection batch of another process.
   */
  @Contract(value = "Setting a ref to the value it has is an assertion of that value, checked at commit against the "
      + "latest committed state like any other change (WriteTransaction.setRef).",
      catches = "setRef(name, v, v) treated as a no-op and left out of the commit's check (self-test flaw: "
      + "SKIPS_THE_CHECK_OF_A_REF_SET_TO_ITS_OWN_VALUE)")
  @Property(tries = 20)
  void required_aRefSetToItsOwnValueFailsTheCommitIfAnotherTransactionMovedIt(
      @ForAll("existing") Map<Hash, byte[]> existing, @ForAll("added") Map<Hash, byte[]> added) throws Exception {
    NodeStore store = newStore().store;
    StoreModel model = seed(store, existing);
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      WriteTransaction tx = store.beginWrite();
      tx.putAll(added);
      Hash seen = tx.ref("heads/main");
      tx.setRef("heads/main", seen, seen);
      Future<Boolean> competitor = other.submit(() -> commitCompeting(store, Map.of()));
      boolean otherFinishedFirst = waitBriefly(competitor);
      boolean thisCommitted = commits(tx);
      assertThat(competitor.get(60, TimeUnit.SECONDS)).as("the transaction that moves heads/main commits").isTrue();
      if (otherFinishedFirst) {
        assertThat(thisCommitted).as("a commit asserting heads/main at %s after another transaction moved it", seen)
            .isFalse();
      }
      if (thisCommitted) {
        added.forEach(model::put);
      }
      model.put(COMPETITOR_ID, COMPETITOR);
      model.setRef("heads/main", COMPETITOR_ID);
      model.assertCommittedIn(store, thisCommitted ? "the asserting transaction committed first"
          : "the asserting transaction failed");
    } finally {
      other.shutdownNow();
    }
  }

  /** A putAll with one bad entry stages nothing. */
  @Contract(value = "putAll throws IllegalArgumentException if the map, an id or a node is null or a node is too "
      + "big; then none of the nodes is staged (WriteTransaction.putAll).",
      catches = "putAll stages the entries before the bad one and then throws, so a later commit stores half the "
      + "map")
  @Property(tries = 50)
  void required_putAllWithAnInvalidEntryStagesNothing(@ForAll("added") Map<Hash, byte[]> nodes) {
    NodeStore store = newStore().store;
    try (WriteTransaction tx = store.beginWrite()) {
      Map<Hash, byte[]> withNull = new HashMap<>(nodes);
      withNull.put(Hash.of(new byte[] {42, 42}), null);
      assertThatThrownBy(() -> tx.putAll(withNull))
          .as("putAll with a null node").isInstanceOf(IllegalArgumentException.class);
      nodes.keySet().forEach(id -> assertThat(tx.contains(id)).as("node staged by a failed putAll").isFalse());
      tx.commit();
    }
    new StoreModel().assertCommittedIn(store, "after a failed putAll and an empty commit");
  }

  @Provide
  Arbitrary<Map<Hash, byte[]>> existing() {
    return Generators.nodeMaps(20, 300);
  }

  @Provide
  Arbitrary<Map<Hash, byte[]>> added() {
    return Generators.nodeMaps(60, 2000);
  }

  /** Commits the nodes with refs heads/main and tags/seed on the first one; returns the model. */
  static StoreModel seed(NodeStore store, Map<Hash, byte[]> existing) {
    Hash first = existing.keySet().iterator().next();
    commit(store, existing, Map.of("heads/main", first, "tags/seed", first));
    StoreModel model = new StoreModel();
    existing.forEach(model::put);
    model.setRef("heads/main", first);
    model.setRef("tags/seed", first);
    return model;
  }

  /** Stages puts, deletes of every existing node, and changes of both seeded refs. */
  private static void stageEverything(WriteTransaction tx, Map<Hash, byte[]> existing, Map<Hash, byte[]> added) {
    tx.putAll(added);
    existing.keySet().stream().filter(id -> !added.containsKey(id)).forEach(tx::delete);
    tx.setRef("heads/main", tx.ref("heads/main"), added.keySet().iterator().next());
    tx.setRef("tags/seed", tx.ref("tags/seed"), null);
    tx.setRef("heads/new", null, added.keySet().iterator().next());
  }

  private static void applyEverything(StoreModel model, Map<Hash, byte[]> existing, Map<Hash, byte[]> added) {
    added.forEach(model::put);
    existing.keySet().stream().filter(id -> !added.containsKey(id)).forEach(model::delete);
    model.setRef("heads/main", added.keySet().iterator().next());
    model.setRef("tags/seed", null);
    model.setRef("heads/new", added.keySet().iterator().next());
  }

  /**
   * Moves heads/main from its seeded value to a node no generated map holds, so the move is a
   * real change; returns whether the commit succeeded.
   */
  private static boolean commitCompeting(NodeStore store, Map<Hash, byte[]> nodes) {
    try (WriteTransaction tx = store.beginWrite()) {
      Hash seeded = tx.ref("tags/seed");
      tx.putAll(nodes);
      tx.put(COMPETITOR_ID, COMPETITOR);
      tx.setRef("heads/main", seeded, COMPETITOR_ID);
      tx.commit();
      return true;
    } catch (ConcurrencyException lostRace) {
      return false;
    }
  }

  /** Commits; returns false if a ref had moved. */
  private static boolean commits(WriteTransaction tx) {
    try {
      tx.commit();
      return true;
    } catch (ConcurrencyException lostRace) {
      return false;
    }
  }

  private static boolean waitBriefly(Future<Boolean> future) throws Exception {
    try {
      future.get(250, TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException blockedByTheOpenWriter) {
      return false;
    }
  }
}

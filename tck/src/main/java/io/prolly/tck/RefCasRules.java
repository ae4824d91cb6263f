package io.prolly.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.error.ConcurrencyException;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.WriteTransaction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Refs move only by compare-and-set, and no update is lost under contention. */
abstract class RefCasRules extends ContractBase {

  private static final String COUNTER = "heads/counter";

  RefCasRules(BackendFixture fixture) {
    super(fixture);
  }

  /** A ref is created from absent, moved from its value and deleted to absent. */
  @Contract(value = "setRef moves, creates or deletes a ref if it has the expected value: expected null means it "
      + "must not exist, value null deletes it (WriteTransaction.setRef).",
      catches = "a ref change to absent leaves the ref where it was, or stats() still counts it (self-test flaws: "
      + "IGNORES_REF_DELETES, MISCOUNTS_DELETED_REFS)")
  @Example
  void required_refsAreCreatedMovedAndDeletedByCompareAndSet() {
    NodeStore store = newStore().store;
    Hash a = commitNode(store, bytes("a"));
    Hash b = commitNode(store, bytes("b"));
    StoreModel model = new StoreModel();
    model.put(a, bytes("a"));
    model.put(b, bytes("b"));
    Hash[][] steps = {{null, a}, {a, b}, {b, b}, {b, null}, {null, a}};
    for (Hash[] step : steps) {
      try (WriteTransaction tx = store.beginWrite()) {
        tx.setRef("heads/main", step[0], step[1]);
        tx.commit();
      }
      model.setRef("heads/main", step[1]);
      model.assertCommittedIn(store, "after moving heads/main from " + step[0] + " to " + step[1]);
    }
  }

  /** A wrong expectation fails at once, changes nothing, and leaves the transaction usable. */
  @Contract(value = "setRef throws ConcurrencyException if the ref does not have the expected value in this "
      + "transaction's view; the transaction stays open and unchanged (WriteTransaction.setRef).",
      catches = "the expectation checked only at commit, or a refused setRef that stages its change anyway or ends "
      + "the transaction")
  @Property(tries = 100)
  void required_setRefWithAWrongExpectationFailsAtOnceAndChangesNothing(
      @ForAll("refNames") String name, @ForAll boolean refExists) {
    NodeStore store = newStore().store;
    Hash a = commitNode(store, bytes("a"));
    Hash b = commitNode(store, bytes("b"));
    if (refExists) {
      commit(store, java.util.Map.of(), java.util.Map.of(name, a));
    }
    Hash actual = refExists ? a : null;
    Hash wrong = refExists ? b : a;
    try (WriteTransaction tx = store.beginWrite()) {
      assertThatThrownBy(() -> tx.setRef(name, wrong, b))
          .as("setRef(%s, expected %s) while the ref is %s", name, wrong, actual)
          .isInstanceOf(ConcurrencyException.class)
          .hasMessageContaining(name);
      if (refExists) {
        assertThatThrownBy(() -> tx.setRef(name, null, b))
            .as("setRef(%s, expected absent) while the ref exists", name)
            .isInstanceOf(ConcurrencyException.class);
      }
      assertThat(tx.ref(name)).as("the ref after failed setRefs").isEqualTo(actual);
      tx.setRef(name, actual, b);
      assertThat(tx.ref(name)).as("the transaction is still usable after a failed setRef").isEqualTo(b);
      tx.commit();
    }
    try (ReadTransaction tx = store.beginRead()) {
      assertThat(tx.ref(name)).isEqualTo(b);
    }
  }

  /**
   * Threads increment one counter ref through read-modify-write transactions, retrying on
   * {@code ConcurrencyException}. No increment is lost: the counter ends at threads x increments,
   * and every intermediate node is stored.
   */
  @Contract(value = "Every ref change names the value it expects; at commit each is checked against the latest "
      + "committed state, so read-modify-write transactions retried on ConcurrencyException lose no update "
      + "(NodeStore: Ref compare-and-set).",
      catches = "expectations checked against the transaction's snapshot instead of the latest committed state, so "
      + "two increments from the same value both commit")
  @Property(tries = 8)
  void required_concurrentIncrementsOfOneRefLoseNoUpdate(
      @ForAll @IntRange(min = 2, max = 8) int threads, @ForAll @IntRange(min = 10, max = 60) int increments)
      throws Exception {
    NodeStore store = newStore().store;
    Hash zero = commitNode(store, counterNode(0));
    commit(store, java.util.Map.of(), java.util.Map.of(COUNTER, zero));
    AtomicInteger conflicts = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < increments; i++) {
            while (!tryIncrement(store)) {
              conflicts.incrementAndGet();
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> worker : workers) {
        worker.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    int expected = threads * increments;
    try (ReadTransaction tx = store.beginRead()) {
      assertThat(counterValue(tx.get(tx.ref(COUNTER))))
          .as("counter after %d threads x %d increments (%d conflicts retried)", threads, increments, conflicts.get())
          .isEqualTo(expected);
      for (int n = 0; n <= expected; n++) {
        assertThat(tx.contains(Hash.of(counterNode(n)))).as("counter node %d was stored", n).isTrue();
      }
    }
  }

  /**
   * A commit moving several refs fails as a whole if any one of them was moved by another
   * transaction since it was read, whichever ref that is: it moves none of its refs and stores
   * none of its nodes.
   */
  @Contract(value = "At commit each ref change is checked against the latest committed state, and one mismatch "
      + "fails the whole transaction with ConcurrencyException (NodeStore: Ref compare-and-set).",
      catches = "only the first ref's expectation checked, or refs applied one by one while they are checked "
      + "(self-test flaws: CHECKS_ONLY_THE_FIRST_REF, APPLIES_REFS_WHILE_CHECKING_THEM, "
      + "WRITES_NODES_BEFORE_CAS_CHECK)")
  @Example
  void required_aCommitOfSeveralRefsFailsWholeIfAnyOfThemMoved() throws Exception {
    NodeStore store = newStore().store;
    Hash a = commitNode(store, bytes("a"));
    Hash b = commitNode(store, bytes("b"));
    Hash c = commitNode(store, bytes("c"));
    commit(store, Map.of(), Map.of("heads/a", a, "heads/b", a, "heads/c", a));
    byte[] staged = bytes("staged by the transaction that loses");
    StoreModel model = modelOf(a, b, c);
    model.setRef("heads/a", a);
    model.setRef("heads/b", c);
    model.setRef("heads/c", a);
    assertLosesToACompetitor(store,
        tx -> {
          tx.put(Hash.of(staged), staged);
          tx.setRef("heads/a", a, b);
          tx.setRef("heads/b", a, b);
          tx.setRef("heads/c", a, b);
        },
        competitor -> competitor.setRef("heads/b", a, c),
        model, "a commit moving heads/a, heads/b and heads/c after another transaction moved heads/b");
  }

  /** Creating a ref (expected absent) fails at commit if another transaction created it meanwhile. */
  @Contract(value = "A ref change that expects null requires the ref not to exist, checked again at commit against "
      + "the latest committed state (WriteTransaction.setRef).",
      catches = "refs created without checking at commit that they are still absent (self-test flaw: "
      + "CREATES_REFS_WITHOUT_CHECKING_THEY_ARE_ABSENT)")
  @Example
  void required_creatingARefThatAnotherTransactionCreatedFails() throws Exception {
    NodeStore store = newStore().store;
    Hash a = commitNode(store, bytes("a"));
    Hash b = commitNode(store, bytes("b"));
    Hash c = commitNode(store, bytes("c"));
    StoreModel model = modelOf(a, b, c);
    model.setRef("heads/new", b);
    assertLosesToACompetitor(store,
        tx -> tx.setRef("heads/new", null, a),
        competitor -> competitor.setRef("heads/new", null, b),
        model, "creating heads/new after another transaction created it");
  }

  /** Deleting a ref fails at commit if another transaction moved it meanwhile. */
  @Contract(value = "A delete (value null) names the value it expects and is checked at commit against the latest "
      + "committed state, like a move (WriteTransaction.setRef).",
      catches = "deletes applied without checking their expected value (self-test flaw: "
      + "DELETES_REFS_WITHOUT_CHECKING_THEM)")
  @Example
  void required_deletingARefThatAnotherTransactionMovedFails() throws Exception {
    NodeStore store = newStore().store;
    Hash a = commitNode(store, bytes("a"));
    Hash b = commitNode(store, bytes("b"));
    Hash c = commitNode(store, bytes("c"));
    commit(store, Map.of(), Map.of("heads/old", a));
    StoreModel model = modelOf(a, b, c);
    model.setRef("heads/old", b);
    assertLosesToACompetitor(store,
        tx -> tx.setRef("heads/old", a, null),
        competitor -> competitor.setRef("heads/old", a, b),
        model, "deleting heads/old after another transaction moved it");
  }

  /**
   * A failed compare-and-set says what the ref holds: the ConcurrencyException of setRef and of a
   * commit that lost the race names the ref and the value it found (its hex, or at least the first
   * 12 digits), so the caller knows what to read again.
   */
  @Contract(value = "A ConcurrencyException of setRef or of a commit that lost a race names the ref and the value it holds, so "
      + "the caller knows what to read again (WriteTransaction.setRef, WriteTransaction.commit).",
      catches = "a bare \"compare-and-set failed\" (self-test flaw: DOES_NOT_SAY_WHAT_A_MOVED_REF_HOLDS)")
  @Example
  void required_aFailedCompareAndSetNamesTheRefAndTheValueItFound() {
    NodeStore store = newStore().store;
    Hash a = commitNode(store, bytes("a"));
    Hash b = commitNode(store, bytes("b"));
    commit(store, Map.of(), Map.of("heads/main", a));
    try (WriteTransaction tx = store.beginWrite()) {
      assertThatThrownBy(() -> tx.setRef("heads/main", b, a)).as("setRef(heads/main, expected b) while it is a")
          .isInstanceOf(ConcurrencyException.class)
          .hasMessageContaining("heads/main")
          .hasMessageContaining(a.toShortHex());
    }
    try (WriteTransaction tx = store.beginWrite()) {
      tx.setRef("heads/main", a, null);
      commit(store, Map.of(), Map.of("heads/main", b));
      assertThatThrownBy(tx::commit).as("a commit deleting heads/main after another transaction moved it to b")
          .isInstanceOf(ConcurrencyException.class)
          .hasMessageContaining("heads/main")
          .hasMessageContaining(b.toShortHex());
    }
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> refNames() {
    return Generators.refNames();
  }

  private static StoreModel modelOf(Hash a, Hash b, Hash c) {
    StoreModel model = new StoreModel();
    model.put(a, bytes("a"));
    model.put(b, bytes("b"));
    model.put(c, bytes("c"));
    return model;
  }

  /**
   * Stages a transaction, commits a competing one on another thread meanwhile, then commits the
   * first, which must fail with {@code ConcurrencyException} and leave the state the competitor
   * made. A backend that serialises writers makes the competitor wait instead; then there is no
   * race to check, and the first transaction is rolled back.
   */
  private static void assertLosesToACompetitor(NodeStore store, Consumer<WriteTransaction> stage,
      Consumer<WriteTransaction> competing, StoreModel afterCompetitor, String what) throws Exception {
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      WriteTransaction tx = store.beginWrite();
      stage.accept(tx);
      Future<?> competitor = other.submit(() -> {
        try (WriteTransaction competingTx = store.beginWrite()) {
          competing.accept(competingTx);
          competingTx.commit();
        }
        return null;
      });
      boolean competitorCommittedFirst;
      try {
        // Generous, so a busy machine is not mistaken for a backend that serialises writers.
        competitor.get(5, TimeUnit.SECONDS);
        competitorCommittedFirst = true;
      } catch (TimeoutException blockedByTheOpenWriter) {
        competitorCommittedFirst = false;
      }
      if (competitorCommittedFirst) {
        assertThatThrownBy(tx::commit).as(what).isInstanceOf(ConcurrencyException.class);
      } else {
        tx.rollback();
        competitor.get(60, TimeUnit.SECONDS);
      }
      afterCompetitor.assertCommittedIn(store, what);
    } finally {
      other.shutdownNow();
    }
  }

  private static boolean tryIncrement(NodeStore store) {
    try (WriteTransaction tx = store.beginWrite()) {
      Hash current = tx.ref(COUNTER);
      byte[] next = counterNode(counterValue(tx.get(current)) + 1);
      Hash nextId = Hash.of(next);
      tx.put(nextId, next);
      tx.setRef(COUNTER, current, nextId);
      tx.commit();
      return true;
    } catch (ConcurrencyException lostRace) {
      return false;
    }
  }

  private static byte[] counterNode(int value) {
    return ("counter=" + value).getBytes(StandardCharsets.UTF_8);
  }

  private static int counterValue(byte[] node) {
    assertThat(node).as("the node the counter ref points to").isNotNull();
    return Integer.parseInt(new String(node, StandardCharsets.UTF_8).substring("counter=".length()));
  }
}

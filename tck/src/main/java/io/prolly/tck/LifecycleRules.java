package io.prolly.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.error.ConcurrencyException;
import io.prolly.error.StoreClosedException;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.WriteTransaction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Example;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Closing: idempotent, rolls back open transactions, and every later use fails clearly. */
abstract class LifecycleRules extends ContractBase {

  LifecycleRules(BackendFixture fixture) {
    super(fixture);
  }

  /** Every method of the store and of its open transactions throws StoreClosedException after close. */
  @Contract(value = "After close(), every method of the store and of its transactions throws StoreClosedException, "
      + "except the close and rollback methods, which do nothing (NodeStore: Lifecycle).",
      catches = "stats() answered from figures kept up to date at every commit, also after close, or a second close "
      + "that throws (self-test flaws: ANSWERS_STATS_AFTER_CLOSE, CLOSE_IS_NOT_IDEMPOTENT)")
  @Example
  void required_everyOperationAfterCloseThrowsStoreClosedException() {
    NodeStore store = newStore().store;
    Hash id = commitNode(store, bytes("node"));
    ReadTransaction read = store.beginRead();
    WriteTransaction write = store.beginWrite();
    write.put(Hash.of(bytes("staged")), bytes("staged"));
    store.close();

    assertClosed(store::beginRead, "store.beginRead()");
    assertClosed(store::beginWrite, "store.beginWrite()");
    assertClosed(store::stats, "store.stats()");
    for (ReadTransaction tx : List.of(read, write)) {
      String kind = tx == read ? "read transaction" : "write transaction";
      assertClosed(() -> tx.get(id), kind + ".get()");
      assertClosed(() -> tx.contains(id), kind + ".contains()");
      assertClosed(() -> tx.ref("heads/main"), kind + ".ref()");
      assertClosed(() -> tx.refs(""), kind + ".refs()");
      assertClosed(() -> tx.forEachNode(x -> { }), kind + ".forEachNode()");
    }
    assertClosed(() -> write.put(id, bytes("node")), "write.put()");
    assertClosed(() -> write.putAll(Map.of(id, bytes("node"))), "write.putAll()");
    assertClosed(() -> write.delete(id), "write.delete()");
    assertClosed(() -> write.setRef("heads/main", null, id), "write.setRef()");
    assertClosed(write::commit, "write.commit()");

    assertThatCode(() -> {
      write.rollback();
      write.close();
      read.close();
      store.close();
    }).as("rollback and close after the store was closed do nothing").doesNotThrowAnyException();
  }

  /** close() may be called any number of times. */
  @Contract(value = "Calling close() again does nothing, on the store and on its transactions (NodeStore.close, "
      + "ReadTransaction.close).",
      catches = "a second close that throws or releases the engine twice (self-test flaw: CLOSE_IS_NOT_IDEMPOTENT)")
  @Example
  void required_closeIsIdempotent() {
    NodeStore store = newStore().store;
    commitNode(store, bytes("node"));
    store.close();
    assertThatCode(store::close).as("second close").doesNotThrowAnyException();
    assertThatCode(store::close).as("third close").doesNotThrowAnyException();
  }

  /** A transaction that has ended refuses further use with IllegalStateException. */
  @Contract(value = "After the transaction itself ends (commit or rollback), its methods but close throw "
      + "IllegalStateException (ReadTransaction).",
      catches = "a committed transaction that still accepts puts and silently drops them, or commits twice")
  @Example
  void required_endedTransactionsRefuseFurtherUse() {
    NodeStore store = newStore().store;
    Hash id = Hash.of(bytes("node"));
    WriteTransaction committed = store.beginWrite();
    committed.put(id, bytes("node"));
    committed.commit();
    assertThatThrownBy(committed::commit).as("commit twice").isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> committed.get(id)).as("get after commit").isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> committed.put(id, bytes("node"))).as("put after commit")
        .isInstanceOf(IllegalStateException.class);
    assertThatCode(committed::rollback).as("rollback after commit does nothing").doesNotThrowAnyException();

    WriteTransaction rolledBack = store.beginWrite();
    rolledBack.rollback();
    assertThatThrownBy(rolledBack::commit).as("commit after rollback").isInstanceOf(IllegalStateException.class);

    Hash unwritten = Hash.of(bytes("staged, then closed"));
    WriteTransaction closed = store.beginWrite();
    closed.put(unwritten, bytes("staged, then closed"));
    closed.close();
    assertThatThrownBy(closed::commit).as("commit after close").isInstanceOf(IllegalStateException.class);

    ReadTransaction read = store.beginRead();
    read.close();
    assertThatThrownBy(() -> read.get(id)).as("get after close").isInstanceOf(IllegalStateException.class);
    assertThatCode(read::close).as("closing a read transaction twice").doesNotThrowAnyException();

    try (ReadTransaction tx = store.beginRead()) {
      assertThat(tx.get(id)).as("the committed node").isEqualTo(bytes("node"));
      assertThat(tx.contains(unwritten)).as("the node put by the transaction closed without commit").isFalse();
    }
  }

  /**
   * The IllegalStateException of an ended transaction says how it ended: committed, or rolled
   * back (also when its commit lost a race), so a caller who reuses it knows whether its writes
   * were kept.
   */
  @Contract(value = "A transaction used after it ended throws IllegalStateException saying whether it committed or rolled back "
      + "(ReadTransaction, WriteTransaction).",
      catches = "one generic \"transaction ended\" message, so a caller cannot tell a lost race from its own rollback")
  @Example
  void required_anEndedTransactionSaysHowItEnded() {
    NodeStore store = newStore().store;
    Hash id = Hash.of(bytes("node"));
    WriteTransaction committed = store.beginWrite();
    committed.put(id, bytes("node"));
    committed.commit();
    assertThatThrownBy(() -> committed.get(id)).as("get after commit").isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("committed").hasMessageNotContaining("rolled back");

    WriteTransaction rolledBack = store.beginWrite();
    rolledBack.put(id, bytes("node"));
    rolledBack.rollback();
    assertThatThrownBy(() -> rolledBack.get(id)).as("get after rollback").isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("rolled back");

    WriteTransaction lost = store.beginWrite();
    lost.setRef("heads/main", null, id);
    commit(store, Map.of(), Map.of("heads/main", id));
    assertThatThrownBy(lost::commit).as("a commit that lost the race for heads/main")
        .isInstanceOf(ConcurrencyException.class);
    assertThatThrownBy(() -> lost.get(id)).as("get after a failed commit").isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("rolled back").hasMessageNotContaining("committed");
  }

  /** Closing while other threads read and write is safe: they see results or StoreClosedException. */
  @Contract(value = "close() waits for operations already running on other threads; each of them either completes "
      + "or throws StoreClosedException, nothing else (NodeStore.close).",
      catches = "close() that frees the engine's native handles while another thread still reads through them, so "
      + "that thread gets a NullPointerException or the JVM crashes")
  @Example
  void required_closeWhileOtherThreadsWorkIsSafe() throws Exception {
    NodeStore store = newStore().store;
    Hash id = commitNode(store, bytes("node"));
    ExecutorService pool = Executors.newFixedThreadPool(3);
    CountDownLatch running = new CountDownLatch(3);
    AtomicInteger operations = new AtomicInteger();
    List<Future<?>> workers = new ArrayList<>();
    try {
      for (int t = 0; t < 3; t++) {
        boolean writer = t == 0;
        workers.add(pool.submit(() -> {
          running.countDown();
          try {
            for (int i = 0; ; i++) {
              if (writer) {
                byte[] node = bytes("node " + i);
                try (WriteTransaction tx = store.beginWrite()) {
                  tx.put(Hash.of(node), node);
                  tx.commit();
                }
              } else {
                try (ReadTransaction tx = store.beginRead()) {
                  assertThat(tx.get(id)).isEqualTo(bytes("node"));
                }
              }
              operations.incrementAndGet();
            }
          } catch (StoreClosedException expected) {
            return null;
          }
        }));
      }
      running.await();
      // Close while the workers are busy; a worker that failed early ends the wait too.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (operations.get() < 100 && workers.stream().noneMatch(Future::isDone) && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      store.close();
      for (Future<?> worker : workers) {
        worker.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * close() waits for an operation running on another thread: a forEachNode whose action is still
   * running keeps close from returning and finishes its listing, calls made meanwhile are refused
   * with StoreClosedException, and close returns once the operation has ended.
   */
  @Contract(value = "close() returns only once operations running on other threads have ended; calls made meanwhile throw "
      + "StoreClosedException (NodeStore.close).",
      catches = "a close that releases the engine under a running forEachNode, or a refused call that leaves close waiting forever")
  @Example
  void required_closeWaitsForARunningOperation() throws Exception {
    NodeStore store = newStore().store;
    Set<Hash> stored = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      stored.add(commitNode(store, bytes("node " + i)));
    }
    ReadTransaction listing = store.beginRead();
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Set<Hash> listed = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> lister = pool.submit(() -> {
        listing.forEachNode(id -> {
          inside.countDown();
          awaitOrFail(release, "the test to let the listing go on");
          listed.add(id);
        });
        return null;
      });
      awaitOrFail(inside, "the listing to call its action");
      Future<?> closer = pool.submit(store::close);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!refusesANewTransaction(store)) {
        assertThat(System.nanoTime()).as("the store refuses new transactions within 60 s of close()")
            .isLessThan(deadline);
        Thread.onSpinWait();
      }
      assertClosed(store::beginWrite, "store.beginWrite() while close() waits");
      assertClosed(store::stats, "store.stats() while close() waits");
      assertThat(closer.isDone()).as("close() returned while a forEachNode action was still running").isFalse();

      release.countDown();
      lister.get(60, TimeUnit.SECONDS);
      assertThat(listed).as("the nodes listed by the forEachNode that close() waited for").isEqualTo(stored);
      closer.get(60, TimeUnit.SECONDS);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  private static boolean refusesANewTransaction(NodeStore store) {
    try {
      store.beginRead().close();
      return false;
    } catch (StoreClosedException refused) {
      return true;
    }
  }

  private static void awaitOrFail(CountDownLatch latch, String what) {
    try {
      if (!latch.await(60, TimeUnit.SECONDS)) {
        throw new AssertionError("waited 60 s for " + what);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + what, e);
    }
  }

  private static void assertClosed(ThrowingCallable call, String what) {
    assertThatThrownBy(call).as(what + " after close").isInstanceOf(StoreClosedException.class);
  }
}

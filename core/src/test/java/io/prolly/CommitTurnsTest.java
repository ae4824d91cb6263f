package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class CommitTurnsTest {

  private final CommitTurns turns = new CommitTurns();

  @Test
  void aFreshAttemptQueuesBehindAWriterThatHoldsTheTurn() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Integer> holder = holdTurnOfMain(release);

    AtomicBoolean ran = new AtomicBoolean();
    Thread fresh = new Thread(() -> turns.attempt("main", 1, () -> {
      ran.set(true);
      return 2;
    }));
    fresh.start();
    waitUntilParked(fresh);
    assertThat(ran).as("a first attempt while the turn is held").isFalse();

    release.countDown();
    fresh.join(30_000);
    assertThat(ran).as("the queued attempt once the turn is free").isTrue();
    assertThat(holder.get(30, TimeUnit.SECONDS)).isEqualTo(1);
  }

  @Test
  void turnsOfDifferentRefsDoNotWaitForEachOther() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Integer> holder = holdTurnOfMain(release);
    try {
      assertThat(CompletableFuture.supplyAsync(() -> turns.attempt("other", CommitTurns.FREE_ATTEMPTS + 1, () -> 3))
          .get(30, TimeUnit.SECONDS)).isEqualTo(3);
    } finally {
      release.countDown();
    }
    assertThat(holder.get(30, TimeUnit.SECONDS)).isEqualTo(1);
  }

  @Test
  void aTurnIsReentrantForTheThreadThatHoldsIt() {
    int inner = turns.attempt("main", CommitTurns.FREE_ATTEMPTS + 1,
        () -> turns.attempt("main", CommitTurns.FREE_ATTEMPTS + 1, () -> 7));
    assertThat(inner).isEqualTo(7);
  }

  /** Starts a writer that holds main's turn until {@code release}; returns once it holds it. */
  private CompletableFuture<Integer> holdTurnOfMain(CountDownLatch release) throws InterruptedException {
    CountDownLatch holding = new CountDownLatch(1);
    CompletableFuture<Integer> holder = CompletableFuture.supplyAsync(() ->
        turns.attempt("main", CommitTurns.FREE_ATTEMPTS + 1, () -> {
          holding.countDown();
          await(release);
          return 1;
        }));
    assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
    return holder;
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void waitUntilParked(Thread thread) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (thread.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(thread.getState()).as("the second writer waits for the turn").isEqualTo(Thread.State.WAITING);
  }
}

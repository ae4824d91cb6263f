package io.prolly;

import io.prolly.error.ConcurrencyException;
import io.prolly.error.RevisionNotFoundException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.backend.memory.MemoryBackendProvider;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.WriteTransaction;
import io.prolly.spi.support.ForwardingNodeStore;
import io.prolly.spi.support.ForwardingWriteTransaction;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Example;
import net.jqwik.api.lifecycle.AfterExample;
import org.jspecify.annotations.Nullable;

/**
 * Garbage collection while another process writes to the same store. Two repositories over one
 * store stand for the two processes: each has its own sweep lock and node cache, so only what the
 * store holds (the {@link SweepEpoch}) can keep them safe. Commits are held at the door to force
 * the interleavings that would otherwise be a matter of luck.
 */
class OtherProcessSweepTest {

  private final NodeStore shared = new MemoryBackendProvider().open(StoreConfig.parse("memory:"));
  private final ProcessView viewA = new ProcessView(shared);
  private final ProcessView viewB = new ProcessView(shared);
  private final Repository a = Prolly.over(viewA);
  private final Repository b = Prolly.over(viewB);
  // Not the common pool: it may have a single thread here, which would queue a task behind a held one.
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterExample
  void close() {
    threads.shutdownNow();
    a.close();
    b.close();
    shared.close();
  }

  @Example
  void aBranchCreatedFromCommitsASweepDeletesIsRefusedInsteadOfPointingAtNothing() throws Exception {
    commit(b, "main", "k", "v");
    b.createBranch("old", "main");
    commit(b, "old", "only-on-old", "soon garbage");

    Pause held = viewA.holdNextCommit(false);
    Future<Hash> keep = threads.submit(() -> a.createBranch("keep", "old"));
    held.awaitReached();
    b.deleteBranch("old");
    assertThat(b.maintenance().gc().nodesDeleted()).as("nodes only the deleted branch held").isPositive();
    held.release();

    assertThatThrownBy(keep::get).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(RevisionNotFoundException.class);
    assertThat(a.branches()).containsOnlyKeys("main");
    assertThat(b.maintenance().verify().problems()).isEmpty();
  }

  @Example
  void aCommitInFlightWhenABatchSweepsIsTriedAgainOnTheNewState() throws Exception {
    commit(b, "main", "k", "v");
    makeGarbage(b);
    Store<String> store = a.store("main", Codecs.utf8());
    store.set("mine", "kept");

    Pause held = viewA.holdNextCommit(false);
    Future<CommitResult> commit = threads.submit(() -> store.commit("in flight"));
    held.awaitReached();
    assertThat(b.maintenance().gc().nodesDeleted()).isPositive();
    held.release();

    assertThat(commit.get().attempts()).as("the first attempt lost to the sweep batch").isEqualTo(2);
    assertThat(b.snapshot("main", Codecs.utf8()).get("mine")).isEqualTo("kept");
    assertThat(b.maintenance().verify().problems()).isEmpty();
  }

  @Example
  void writersWaitWhileAnotherProcessesBatchHoldsTheStore() throws Exception {
    commit(b, "main", "k", "v");
    makeGarbage(b);

    Pause held = viewB.holdNextCommit(true);
    Future<GcReport> gc = threads.submit(b.maintenance()::gc);
    held.awaitReached();
    Future<CommitResult> commit = threads.submit(() -> commit(a, "main", "during", "the batch"));
    Thread.sleep(200);
    assertThat(commit).as("a commit that began while the batch held the store").isNotDone();
    held.release();

    assertThat(commit.get().attempts()).as("it waited instead of failing").isEqualTo(1);
    assertThat(gc.get().nodesDeleted()).isPositive();
    assertThat(b.snapshot("main", Codecs.utf8()).get("during")).isEqualTo("the batch");
    assertThat(b.maintenance().verify().problems()).isEmpty();
  }

  @Example
  void anotherProcessKeepsCommittingThroughALongCollection() throws Exception {
    commit(b, "main", "k", "v");
    b.createBranch("scratch", "main");
    Store<String> scratch = b.store("scratch", Codecs.utf8());
    for (int i = 0; i < 20_000; i++) {
      scratch.set("garbage-" + i, "x".repeat(100));
    }
    scratch.commit("garbage");
    b.deleteBranch("scratch");

    // Batches of 20 nodes: some 30 of them, each holding writers back and then letting them through.
    Future<GcReport> gc = threads.submit(() -> new GarbageCollector(viewB, b.sweepLock(), 20, ProgressListener.NONE).run());
    int commits = 0;
    while (!gc.isDone()) {
      commit(a, "main", "during", "commit " + commits++);
    }
    GcReport report = gc.get();

    assertThat(report.nodesDeleted()).as("the garbage branch's nodes").isGreaterThan(400);
    // Each gap between batches lets a waiting writer through: at least one commit per two batches.
    assertThat(commits).as("commits of the other process while %d nodes went in batches of 20",
        report.nodesDeleted()).isGreaterThanOrEqualTo((int) (report.nodesDeleted() / 20 / 2));
    assertThat(b.snapshot("main", Codecs.utf8()).get("during")).isEqualTo("commit " + (commits - 1));
    assertThat(b.maintenance().verify().problems()).isEmpty();
  }

  @Example
  void aBatchWhoseCollectorDiedHoldsWritersBackOnlyUntilItsLeaseEnds() {
    commit(b, "main", "k", "v");
    SweepEpoch dead = SweepEpoch.of(epoch()).startBatch(System.currentTimeMillis() - SweepEpoch.LEASE_MILLIS - 1);
    writeEpoch(epoch(), dead.toHash());

    assertThat(commit(a, "main", "after", "the lease").attempts()).isEqualTo(1);
    assertThat(SweepEpoch.of(epoch())).as("the writer ended the dead batch").isEqualTo(dead.next());
    makeGarbage(b);
    assertThat(b.maintenance().gc().nodesDeleted()).isPositive();
    assertThat(a.maintenance().verify().problems()).isEmpty();
  }

  @Example
  void aBatchThatOutlivedItsLeaseDeletesNothing() throws Exception {
    commit(b, "main", "k", "v");
    makeGarbage(b);
    long nodesBefore = b.maintenance().stats().nodeCount();

    Pause held = viewB.holdNextCommit(true);
    Future<GcReport> gc = threads.submit(b.maintenance()::gc);
    held.awaitReached();
    Hash running = epoch();
    writeEpoch(running, SweepEpoch.of(running).next().toHash()); // what a writer does once the lease has passed
    held.release();

    assertThatThrownBy(gc::get).isInstanceOf(ExecutionException.class).cause()
        .isInstanceOf(ConcurrencyException.class).hasMessageContaining("lease").hasMessageContaining("deleted nothing");
    assertThat(b.maintenance().stats().nodeCount()).isEqualTo(nodesBefore);
  }

  @Example
  void aCopyBetweenWhoseBatchesASweepRanSendsWhatTheSweepDeletedAgain() throws Exception {
    try (Repository source = Prolly.inMemory()) {
      Store<String> data = source.store("main", Codecs.utf8());
      for (int i = 0; i < 5_000; i++) {
        data.set("key-" + i, "value " + i);
      }
      data.commit("load");
      long reachable = source.maintenance().stats().nodeCount();
      Pause held = viewA.holdBegin(2); // the anchor, the first batch, then the second batch
      Future<SyncReport> copy = threads.submit(() -> source.copyInBatches(a, 10));
      held.awaitReached();
      long deleted = b.maintenance().gc().nodesDeleted(); // the first batch's nodes: no ref holds them yet
      held.release();

      assertThat(deleted).isEqualTo(10);
      assertThat(copy.get().nodesTransferred()).as("every node, and again the %d the sweep deleted", deleted)
          .isEqualTo(reachable + deleted);
      assertThat(a.maintenance().verify().problems()).isEmpty();
      assertThat(a.snapshot("main", Codecs.utf8()).size()).isEqualTo(5_000);
    }
  }

  @Example
  void theEpochIsNoPartOfTheHistory() {
    commit(b, "main", "k", "v");
    makeGarbage(b);
    b.maintenance().gc();
    assertThat(epoch()).as("written by the first commit, moved by the sweep").isNotNull();
    assertThat(b.branches()).containsOnlyKeys("main");
    assertThat(b.maintenance().verify().problems()).isEmpty();

    try (Repository target = Prolly.inMemory(); Repository clone = Prolly.inMemory()) {
      makeGarbage(target); // leaves the target with no ref but its epoch
      b.transfer().copyInto(target);
      assertThat(target.branches()).isEqualTo(b.branches());
      makeGarbage(clone);
      b.transfer().cloneInto(clone);
      assertThat(clone.branches()).isEqualTo(b.branches());
      assertThat(clone.maintenance().verify().problems()).isEmpty();
    }
  }

  @Example
  void aStoreWhoseBaseAnotherProcessSquashedAndCollectedSaysHowToGoOn() {
    commit(b, "main", "k", "v0");
    Store<String> mine = a.store("main", Codecs.utf8()); // based on that commit; this process read none of it
    for (int i = 1; i <= 10; i++) {
      commit(b, "main", "k", "v" + i);
    }
    b.maintenance().squashHistory("main", Retention.keepLast(1));
    assertThat(b.maintenance().gc().nodesDeleted()).isPositive();

    mine.set("k", "mine");
    assertThatThrownBy(() -> mine.commit("on a dropped base")).isInstanceOf(RevisionNotFoundException.class)
        .hasMessageContaining("was dropped from the branch's history").hasMessageContaining("refresh()");
    assertThat(mine.hasChanges()).as("the staged write stays").isTrue();
    mine.refresh();
    mine.commit("on the head");
    assertThat(b.snapshot("main", Codecs.utf8()).get("k")).isEqualTo("mine");
    assertThat(b.maintenance().verify().problems()).isEmpty();
  }

  /** The layout docs/format.md gives for the ref's 32 bytes. */
  @Example
  void theEpochIsStoredAsTheFormatSpecificationDescribesIt() {
    String documented = "70726f6c6c794743" // "prollyGC"
        + "01" + "00000000000000" // running, then padding
        + "0000000000000005" // generation 5
        + "00000000000004d2"; // lease ends at 1234 ms
    SweepEpoch running = new SweepEpoch(5, true, 1234);
    assertThat(running.toHash().toHex()).isEqualTo(documented);
    assertThat(SweepEpoch.of(Hash.parse(documented))).isEqualTo(running);
    assertThat(SweepEpoch.of(Hash.of(new byte[] {1}))).as("a value without the prefix").isEqualTo(SweepEpoch.FIRST);
    assertThat(running.next()).isEqualTo(new SweepEpoch(6, false, 0));
  }

  private static CommitResult commit(Repository repository, String branch, String key, String value) {
    Store<String> store = repository.store(branch, Codecs.utf8());
    store.set(key, value);
    return store.commit("set " + key);
  }

  /** Commits to a new branch and deletes it, leaving nodes nothing reaches. */
  private static void makeGarbage(Repository repository) {
    if (repository.branches().isEmpty()) {
      commit(repository, "scratch", "temporary", "x".repeat(1_000));
    } else {
      repository.createBranch("scratch", repository.branches().firstKey());
      commit(repository, "scratch", "temporary", "x".repeat(1_000));
    }
    repository.deleteBranch("scratch");
  }

  private @Nullable Hash epoch() {
    try (var tx = shared.beginRead()) {
      return tx.ref(SweepEpoch.REF);
    }
  }

  private void writeEpoch(@Nullable Hash expected, Hash value) {
    try (WriteTransaction tx = shared.beginWrite()) {
      tx.setRef(SweepEpoch.REF, expected, value);
      tx.commit();
    }
  }

  /** Holds one commit before it reaches the store, until released. */
  private static final class Pause {
    final boolean onlyDeletions;
    int skipped;
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    Pause(int skipped, boolean onlyDeletions) {
      this.skipped = skipped;
      this.onlyDeletions = onlyDeletions;
    }

    void hold() {
      reached.countDown();
      try {
        released.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void awaitReached() throws InterruptedException {
      assertThat(reached.await(30, TimeUnit.SECONDS)).as("the held commit was reached").isTrue();
    }

    void release() {
      released.countDown();
    }
  }

  /** One process's view of the shared store: closing it leaves the store open, and a commit can be held. */
  private static final class ProcessView extends ForwardingNodeStore {
    private volatile @Nullable Pause pause;
    private volatile @Nullable Pause beginPause;

    ProcessView(NodeStore store) {
      super(store);
    }

    /** Holds the next commit, or with {@code onlyDeletions} the next one that deletes nodes. */
    Pause holdNextCommit(boolean onlyDeletions) {
      return holdCommit(0, onlyDeletions);
    }

    /** Lets {@code skipped} commits through, then holds one. */
    Pause holdCommit(int skipped, boolean onlyDeletions) {
      Pause next = new Pause(skipped, onlyDeletions);
      pause = next;
      return next;
    }

    /** Lets {@code skipped} write transactions begin, then holds the next before it begins. */
    Pause holdBegin(int skipped) {
      Pause next = new Pause(skipped, false);
      beginPause = next;
      return next;
    }

    @Override
    public WriteTransaction beginWrite() {
      Pause before = beginPause;
      if (before != null && before.skipped-- == 0) {
        beginPause = null;
        before.hold();
      }
      return new ForwardingWriteTransaction(delegate().beginWrite()) {
        private boolean deletes;

        @Override
        public void delete(Hash id) {
          deletes = true;
          super.delete(id);
        }

        @Override
        public void commit() {
          Pause next = pause;
          if (next != null && (deletes || !next.onlyDeletions) && next.skipped-- == 0) {
            pause = null;
            next.hold();
          }
          super.commit();
        }
      };
    }

    @Override
    public void close() {
      // the shared store outlives both views
    }
  }
}

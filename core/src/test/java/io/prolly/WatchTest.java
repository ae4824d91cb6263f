package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.backend.memory.MemoryBackendProvider;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.StoreConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Example;

class WatchTest {

  @Example
  void listenersSeeEveryMoveOfTheirBranchInOrder() throws Exception {
    try (Repository repository = Prolly.inMemory()) {
      BlockingQueue<BranchUpdate> updates = new LinkedBlockingQueue<>();
      try (Watch watch = repository.watch("main", updates::add)) {
        Store<String> store = repository.store("main", Codecs.utf8());
        List<Hash> commits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          store.set("k", "v" + i);
          commits.add(store.commit("commit " + i).id());
        }
        repository.createBranch("other", "main");
        repository.reset("main", "main~2");
        Hash previous = null;
        for (Hash commit : commits) {
          BranchUpdate update = updates.poll(10, TimeUnit.SECONDS);
          assertThat(update).isEqualTo(new BranchUpdate("main", previous, commit));
          previous = commit;
        }
        assertThat(updates.poll(10, TimeUnit.SECONDS)).isEqualTo(new BranchUpdate("main", commits.get(4), commits.get(2)));
        assertThat(updates.poll(200, TimeUnit.MILLISECONDS)).as("other branches are not reported").isNull();
      }
    }
  }

  @Example
  void aBlockedListenerHoldsUpNoCommitAndAClosedOneHearsNothing() throws Exception {
    try (Repository repository = Prolly.inMemory()) {
      CountDownLatch release = new CountDownLatch(1);
      List<BranchUpdate> heard = new ArrayList<>();
      Watch blocked = repository.watch("main", update -> {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        synchronized (heard) {
          heard.add(update);
        }
      });
      Store<String> store = repository.store("main", Codecs.utf8());
      for (int i = 0; i < 20; i++) {
        store.set("k", "v" + i);
        store.commit("while the listener is blocked");
      }
      assertThat(repository.log("main").count()).isEqualTo(20);
      release.countDown();
      blocked.close();
      blocked.close();
      store.set("k", "after close");
      store.commit("unheard");
      Thread.sleep(200);
      synchronized (heard) {
        assertThat(heard).hasSizeLessThanOrEqualTo(20).allSatisfy(update -> assertThat(update.branch()).isEqualTo("main"));
      }
    }
  }

  @Example
  void movesMadeThroughAnotherRepositoryOnTheSameStoreAreHeardCommitByCommitInOrder() throws Exception {
    NodeStore shared = new MemoryBackendProvider().open(StoreConfig.parse("memory:"));
    try (Repository watcher = Prolly.over(shared); Repository writer = Prolly.over(shared)) {
      watcher.setWatchInterval(Duration.ofMillis(20));
      Store<String> store = writer.store("main", Codecs.utf8());
      store.set("k", "first");
      Hash first = store.commit("first").id();
      BlockingQueue<BranchUpdate> updates = new LinkedBlockingQueue<>();
      try (Watch watch = watcher.watch("main", updates::add)) {
        List<Hash> commits = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
          store.set("k", "v" + i);
          commits.add(store.commit("commit " + i).id());
        }
        Hash previous = first;
        for (Hash commit : commits) {
          assertThat(updates.poll(10, TimeUnit.SECONDS)).isEqualTo(new BranchUpdate("main", previous, commit));
          previous = commit;
        }
        writer.reset("main", commits.get(3).toHex());
        assertThat(updates.poll(10, TimeUnit.SECONDS)).as("a reset is one jump back")
            .isEqualTo(new BranchUpdate("main", commits.get(29), commits.get(3)));
        writer.deleteBranch("main");
        assertThat(updates.poll(10, TimeUnit.SECONDS)).isEqualTo(new BranchUpdate("main", commits.get(3), null));
        assertThat(updates.poll(100, TimeUnit.MILLISECONDS)).as("nothing more moved").isNull();
      }
    }
  }

  @Example
  void aFailingListenerStopsNeitherItselfNorThePoller() throws Exception {
    NodeStore shared = new MemoryBackendProvider().open(StoreConfig.parse("memory:"));
    try (Repository watcher = Prolly.over(shared); Repository writer = Prolly.over(shared)) {
      watcher.setWatchInterval(Duration.ofMillis(10));
      BlockingQueue<BranchUpdate> heard = new LinkedBlockingQueue<>();
      try (Watch failing = watcher.watch("main", update -> {
        heard.add(update);
        throw new IllegalStateException("a listener bug");
      })) {
        Store<String> store = writer.store("main", Codecs.utf8());
        for (int i = 0; i < 3; i++) {
          store.set("k", "v" + i);
          Hash id = store.commit("commit " + i).id();
          assertThat(heard.poll(10, TimeUnit.SECONDS)).extracting(BranchUpdate::after).isEqualTo(id);
        }
      }
    }
  }

  @Example
  void thePollerRunsOnlyWhileSomeoneWatchesAndZeroTurnsItOff() throws Exception {
    NodeStore shared = new MemoryBackendProvider().open(StoreConfig.parse("memory:"));
    try (Repository watcher = Prolly.over(shared); Repository writer = Prolly.over(shared)) {
      assertThat(watcher.watchInterval()).isEqualTo(Duration.ofMillis(200));
      assertThat(pollers()).isZero();
      Watch one = watcher.watch("main", update -> { });
      Watch two = watcher.watch("other", update -> { });
      assertThat(pollers()).isEqualTo(1);
      one.close();
      assertThat(pollers()).isEqualTo(1);
      two.close();
      awaitPollers(0);

      watcher.setWatchInterval(Duration.ZERO);
      BlockingQueue<BranchUpdate> updates = new LinkedBlockingQueue<>();
      try (Watch watch = watcher.watch("main", updates::add)) {
        assertThat(pollers()).isZero();
        Store<String> store = writer.store("main", Codecs.utf8());
        store.set("k", "unheard");
        store.commit("made elsewhere");
        assertThat(updates.poll(300, TimeUnit.MILLISECONDS)).as("no polling, no news from elsewhere").isNull();
        watcher.setWatchInterval(Duration.ofMillis(10));
        assertThat(updates.poll(10, TimeUnit.SECONDS)).as("heard once polling is on again").isNotNull();
      }
      assertThatThrownBy(() -> watcher.setWatchInterval(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("1 ms to 1 hour");
      assertThatThrownBy(() -> watcher.setWatchInterval(null)).isInstanceOf(IllegalArgumentException.class);
    }
    awaitPollers(0);
  }

  private static long pollers() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().equals("prolly-watch-poller") && thread.isAlive()).count();
  }

  private static void awaitPollers(long count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (pollers() != count && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(pollers()).as("poller threads").isEqualTo(count);
  }
}

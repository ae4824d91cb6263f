package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.spi.Hash;
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
}

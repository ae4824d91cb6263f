package io.prolly.tck.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.BranchUpdate;
import io.prolly.Codecs;
import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.Store;
import io.prolly.Watch;
import io.prolly.spi.Durability;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.StoreConfig;
import io.prolly.tck.BackendFixture;
import io.prolly.tck.Contract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Example;

/** Watching a branch for moves made through another repository on the same store, found by polling its refs. */
abstract class WatchRules extends RulesBase {

  WatchRules(BackendFixture fixture) {
    super(fixture);
  }

  @Contract(value = "A watch hears every commit made through another repository on the same store, in first-parent "
      + "order, by polling the branch refs through the storage SPI; a reset there is one update back "
      + "(Repository.watch, Repository.setWatchInterval).",
      catches = "a read transaction that keeps showing the refs as they were when the store was opened, so a poll "
          + "never sees another writer's commits")
  @Example
  void aWatchHearsEveryCommitMadeThroughAnotherRepositoryOnTheSameStoreInOrder() throws Exception {
    StoreConfig config = fixture().config(newDirectory("prolly-watch-tck-")).toBuilder()
        .durability(Durability.EVENTUAL).build();
    NodeStore store = fixture().provider().open(config);
    // Both repositories close the store; a store's close is idempotent.
    Repository writer = closeAfterTry(Prolly.over(store));
    Repository watcher = closeAfterTry(Prolly.over(store));
    watcher.setWatchInterval(Duration.ofMillis(10));
    Store<String> branch = writer.store("main", Codecs.utf8());
    branch.set("k", "start");
    Hash start = branch.commit("start").id();
    BlockingQueue<BranchUpdate> updates = new LinkedBlockingQueue<>();
    try (Watch watch = watcher.watch("main", updates::add)) {
      List<Hash> commits = new ArrayList<>();
      for (int i = 0; i < 15; i++) {
        branch.set("k", "v" + i);
        commits.add(branch.commit("commit " + i).id());
      }
      Hash before = start;
      for (Hash commit : commits) {
        assertThat(updates.poll(20, TimeUnit.SECONDS)).as("the update to commit %s", commit.toShortHex())
            .isEqualTo(new BranchUpdate("main", before, commit));
        before = commit;
      }
      writer.reset("main", start.toHex());
      assertThat(updates.poll(20, TimeUnit.SECONDS)).isEqualTo(new BranchUpdate("main", before, start));
    }
  }
}

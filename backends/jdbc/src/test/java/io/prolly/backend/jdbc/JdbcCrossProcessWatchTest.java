package io.prolly.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.BranchUpdate;
import io.prolly.Codecs;
import io.prolly.CommitInfo;
import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.Store;
import io.prolly.Watch;
import io.prolly.backend.jdbc.testing.TestPostgres;
import io.prolly.spi.Hash;
import io.prolly.tck.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Repository#watch} across processes: another JVM commits to the branch through its own
 * repository on the same database while this one watches, and this one hears every commit, in order.
 */
class JdbcCrossProcessWatchTest {

  private static final int COMMITS = 40;

  @Test
  void aWatchHearsEveryCommitOfAnotherProcessInOrder(@TempDir Path logs) throws Exception {
    String uri = TestPostgres.shared().storeConfig("cross_process_watch").toString();
    try (Repository repository = Prolly.open(uri)) {
      repository.setWatchInterval(Duration.ofMillis(25));
      Store<String> store = repository.store("main", Codecs.utf8());
      store.set("count", "start");
      Hash start = store.commit("start").id();
      BlockingQueue<BranchUpdate> updates = new LinkedBlockingQueue<>();
      try (Watch watch = repository.watch("main", updates::add)) {
        Path log = logs.resolve("worker.log");
        Process worker = ChildJvm.start(WatchWorker.class, log, uri, Integer.toString(COMMITS));
        List<BranchUpdate> heard = new ArrayList<>();
        try {
          while (heard.size() < COMMITS) {
            BranchUpdate update = updates.poll(60, TimeUnit.SECONDS);
            assertThat(update).as("update %d of %d; the worker said:%n%s", heard.size() + 1, COMMITS,
                Files.readString(log)).isNotNull();
            heard.add(update);
          }
          assertThat(worker.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
          worker.destroyForcibly();
        }
        assertThat(worker.exitValue()).as("the worker's exit; it said:%n%s", Files.readString(log)).isZero();

        List<CommitInfo> history = new ArrayList<>(repository.log("main").toList());
        Collections.reverse(history);
        assertThat(history).hasSize(COMMITS + 1);
        assertThat(history.get(0).id()).isEqualTo(start);
        Hash before = start;
        for (int i = 0; i < COMMITS; i++) {
          CommitInfo commit = history.get(i + 1);
          assertThat(commit.message()).isEqualTo(WatchWorker.message(i));
          assertThat(heard.get(i)).as("update %d", i).isEqualTo(new BranchUpdate("main", before, commit.id()));
          before = commit.id();
        }
        assertThat(updates.poll(200, TimeUnit.MILLISECONDS)).as("nothing beyond the commits made").isNull();
      }
    }
  }
}

package io.prolly.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.Codecs;
import io.prolly.CommitInfo;
import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.Store;
import io.prolly.backend.jdbc.testing.TestPostgres;
import io.prolly.tck.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several processes share one repository in the database: {@value #WORKERS} JVMs commit
 * concurrently to the same branch through their own {@link Repository} while one more JVM keeps
 * collecting garbage shaped like their next commits, and no increment, no commit and no node is
 * lost.
 */
class JdbcMultiProcessTest {

  private static final int WORKERS = 4;
  private static final int INCREMENTS = 50;
  /** Only a guard against a hung child; the workers normally finish in seconds. */
  private static final long WORKER_LIMIT_SECONDS = 300;

  @Test
  void concurrentProcessesLoseNoIncrementAndNoCommitWhileAnotherCollectsGarbage(@TempDir Path logs)
      throws Exception {
    String uri = TestPostgres.shared().storeConfig("multi_process").toString();
    try (Repository repository = Prolly.open(uri)) {
      Store<Long> store = repository.store("main", Codecs.longs());
      store.set("created", 1L);
      store.commit("start");
    }

    Path stop = logs.resolve("stop-collecting");
    Path collectorLog = logs.resolve("collector.log");
    Process collector = ChildJvm.start(CollectorWorker.class, collectorLog, uri, stop.toString());
    List<Process> workers = new ArrayList<>();
    for (int worker = 0; worker < WORKERS; worker++) {
      workers.add(ChildJvm.start(CounterWorker.class, logs.resolve("worker-" + worker + ".log"),
          uri, Integer.toString(worker), Integer.toString(INCREMENTS)));
    }
    for (int worker = 0; worker < WORKERS; worker++) {
      Process process = workers.get(worker);
      boolean ended = process.waitFor(WORKER_LIMIT_SECONDS, TimeUnit.SECONDS);
      if (!ended) {
        workers.forEach(Process::destroyForcibly);
      }
      Path log = logs.resolve("worker-" + worker + ".log");
      assertThat(ended && process.exitValue() == 0).as("worker %d ended well; its output:%n%s", worker,
          Files.readString(log)).isTrue();
    }

    Files.createFile(stop);
    boolean collectorEnded = collector.waitFor(WORKER_LIMIT_SECONDS, TimeUnit.SECONDS);
    if (!collectorEnded) {
      collector.destroyForcibly();
    }
    String collected = Files.readString(collectorLog);
    assertThat(collectorEnded && collector.exitValue() == 0).as("the collector ended well; its output:%n%s", collected)
        .isTrue();
    Matcher counts = Pattern.compile("collector: (\\d+) collections deleted (\\d+) nodes").matcher(collected);
    assertThat(counts.find()).as("the collector's report in%n%s", collected).isTrue();
    assertThat(Long.parseLong(counts.group(2))).as("nodes the collector deleted (%s)", counts.group()).isPositive();

    try (Repository repository = Prolly.open(uri)) {
      Store<Long> store = repository.store("main", Codecs.longs());
      for (String key : CounterWorker.KEYS) {
        assertThat(store.get(key)).as("counter %s", key).isEqualTo((long) WORKERS * INCREMENTS);
      }
      Set<String> messages = repository.log("main").map(CommitInfo::message).collect(Collectors.toSet());
      for (int worker = 0; worker < WORKERS; worker++) {
        for (int i = 0; i < INCREMENTS; i++) {
          assertThat(messages).contains(CounterWorker.message(worker, i));
        }
      }
      assertThat(repository.maintenance().verify().problems()).as("verify() after concurrent commits and collections").isEmpty();
      assertThat(repository.branches()).containsOnlyKeys("main");
    }
  }
}

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
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several processes share one repository in the database: {@value #WORKERS} JVMs commit
 * concurrently to the same branch through their own {@link Repository}, and no increment and no
 * commit is lost. Garbage collection is not run: core guards its sweep with an in-process lock
 * only, so it is not safe while other processes write.
 */
class JdbcMultiProcessTest {

  private static final int WORKERS = 4;
  private static final int INCREMENTS = 50;
  /** Only a guard against a hung child; the workers normally finish in seconds. */
  private static final long WORKER_LIMIT_SECONDS = 300;

  @Test
  void concurrentProcessesLoseNoIncrementAndNoCommit(@TempDir Path logs) throws Exception {
    String uri = TestPostgres.shared().storeConfig("multi_process").toString();
    try (Repository repository = Prolly.open(uri)) {
      Store<Long> store = repository.store("main", Codecs.longs());
      store.set("created", 1L);
      store.commit("start");
    }

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
      assertThat(repository.verify().problems()).as("verify() after concurrent commits").isEmpty();
    }
  }
}

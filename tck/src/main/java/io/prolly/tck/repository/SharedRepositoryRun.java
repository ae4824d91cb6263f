package io.prolly.tck.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.Codecs;
import io.prolly.CommitInfo;
import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.Store;
import io.prolly.spi.support.Arguments;
import io.prolly.tck.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Several processes sharing one repository, for backends that many processes open at once (such
 * as {@code jdbc} and {@code cassandra}): {@code workers} JVMs commit concurrently to the same
 * branch through their own {@link Repository} ({@link SharedCounterWorker}) while one more JVM
 * keeps collecting garbage shaped like their next commits ({@link SharedCollectorWorker}), and no
 * increment, no commit and no node may be lost. The child JVMs run on this JVM's class path, so
 * they find the backend by the store's URI as this one does.
 */
public final class SharedRepositoryRun {

  /** Only a guard against a hung child; the workers normally finish in seconds. */
  private static final long WORKER_LIMIT_SECONDS = 300;

  private SharedRepositoryRun() {}

  /**
   * Runs the processes on the repository at {@code uri} and checks the result; an assertion
   * error says what was lost, with the output of the process concerned.
   *
   * @param uri a store URI that every process can open at the same time
   * @param logs a directory for the processes' output
   * @param workers how many committing processes run at once
   * @param increments how many commits each of them makes
   * @throws IOException if the output cannot be read
   * @throws InterruptedException if interrupted while waiting for the processes
   * @throws IllegalArgumentException if an argument is null or a count is below 1
   */
  public static void runAndCheck(String uri, Path logs, int workers, int increments)
      throws IOException, InterruptedException {
    runAndCheck(uri, logs, workers, increments, running -> {});
  }

  /**
   * Runs the processes on the repository at {@code uri}, runs {@code meanwhile} in this thread
   * while they commit (to fail a server under them, say), and checks the result as
   * {@link #runAndCheck(String, Path, int, int)} does.
   *
   * @param uri a store URI that every process can open at the same time
   * @param logs a directory for the processes' output
   * @param workers how many committing processes run at once
   * @param increments how many commits each of them makes
   * @param meanwhile what to do once the processes are started; the check waits for it
   * @return how long the committing processes took, from starting them to the last one's end
   * @throws IOException if the output cannot be read
   * @throws InterruptedException if interrupted while waiting for the processes
   * @throws IllegalArgumentException if an argument is null or a count is below 1
   */
  public static Duration runAndCheck(String uri, Path logs, int workers, int increments, DuringRun meanwhile)
      throws IOException, InterruptedException {
    Arguments.notNull(uri, "uri");
    Arguments.notNull(meanwhile, "meanwhile");
    Arguments.notNull(logs, "logs");
    Arguments.check(workers >= 1 && increments >= 1, "workers and increments must be at least 1, not %s and %s",
        workers, increments);
    try (Repository repository = Prolly.open(uri)) {
      Store<Long> store = repository.store("main", Codecs.longs());
      store.set("created", 1L);
      store.commit("start");
    }

    Path stop = logs.resolve("stop-collecting");
    Path collectorLog = logs.resolve("collector.log");
    Process collector = ChildJvm.start(SharedCollectorWorker.class, collectorLog, uri, stop.toString());
    List<Process> running = new ArrayList<>();
    long began = System.nanoTime();
    for (int worker = 0; worker < workers; worker++) {
      running.add(ChildJvm.start(SharedCounterWorker.class, logs.resolve("worker-" + worker + ".log"),
          uri, Integer.toString(worker), Integer.toString(increments)));
    }
    try {
      meanwhile.run(List.copyOf(running));
    } catch (Throwable e) {
      running.forEach(Process::destroyForcibly);
      collector.destroyForcibly();
      throw e;
    }
    for (int worker = 0; worker < workers; worker++) {
      Process process = running.get(worker);
      boolean ended = process.waitFor(WORKER_LIMIT_SECONDS, TimeUnit.SECONDS);
      if (!ended) {
        running.forEach(Process::destroyForcibly);
        collector.destroyForcibly();
      }
      Path log = logs.resolve("worker-" + worker + ".log");
      assertThat(ended && process.exitValue() == 0).as("worker %d ended well; its output:%n%s", worker,
          Files.readString(log)).isTrue();
    }

    Duration committing = Duration.ofNanos(System.nanoTime() - began);
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
      for (String key : SharedCounterWorker.KEYS) {
        assertThat(store.get(key)).as("counter %s", key).isEqualTo((long) workers * increments);
      }
      Set<String> messages = repository.log("main").map(CommitInfo::message).collect(Collectors.toSet());
      for (int worker = 0; worker < workers; worker++) {
        for (int i = 0; i < increments; i++) {
          assertThat(messages).contains(SharedCounterWorker.message(worker, i));
        }
      }
      assertThat(repository.maintenance().verify().problems()).as("verify() after concurrent commits and collections")
          .isEmpty();
      assertThat(repository.branches()).containsOnlyKeys("main");
    }
    return committing;
  }

  /** What a test does while the processes commit. */
  @FunctionalInterface
  public interface DuringRun {
    /**
     * Runs while the processes commit.
     *
     * @param workers the committing processes, to see whether they still run; not to be ended
     * @throws IOException if it fails to read or write a file
     * @throws InterruptedException if interrupted while waiting
     */
    void run(List<Process> workers) throws IOException, InterruptedException;
  }
}

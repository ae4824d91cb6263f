package io.prolly.backend.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.backend.cassandra.testing.TestCassandraCluster;
import io.prolly.tck.repository.SharedRepositoryRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes, replication factor 3, reads and writes at {@code QUORUM}: {@value #WORKERS} JVMs
 * commit counter increments to one branch while a fifth collects garbage
 * ({@link SharedRepositoryRun}), and one node is killed with {@code kill -9} once a third of the
 * commits are in. The others go on, and at the end every increment and every commit is there,
 * read with the node still dead, and {@code verify()} is clean.
 *
 * <p>Runs only on request, {@code -Dprolly.cassandra.cluster=3} (the module's {@code cassandra-cluster}
 * profile selects it alone): the cluster needs about 3 GB of memory and a minute to start. It prints
 * the figures of its run.
 */
class CassandraClusterTest {

  /** The system property that asks for this test; its value is the number of nodes. */
  static final String PROPERTY = "prolly.cassandra.cluster";

  private static final int NODES = 3;
  private static final int WORKERS = 4;
  private static final int INCREMENTS = 60;
  /** The node killed: not the seed, so the cluster's gossip keeps its meeting point. */
  private static final int VICTIM = 1;
  private static final Pattern SETTLED = Pattern.compile("settled by a serial read: (applied|not applied)");

  @Test
  void aNodeKilledMidRunLosesNoIncrementAndNoCommit(@TempDir Path logs) throws Exception {
    String asked = System.getProperty(PROPERTY, Integer.toString(NODES));
    if (!asked.equals(Integer.toString(NODES))) {
      throw new IllegalArgumentException(PROPERTY + " must be " + NODES + " (the test's cluster size), not " + asked);
    }
    try (TestCassandraCluster cluster = TestCassandraCluster.start(NODES)) {
      System.out.printf("cluster: %d nodes up and seeing each other in %d ms%n", cluster.size(),
          cluster.startMillis());
      String uri = "cassandra:" + cluster.location("prolly_cluster") + "?store=killed_node&replicationFactor="
          + NODES + "&consistency=quorum";
      long[] killedAt = new long[2];
      Duration committing = SharedRepositoryRun.runAndCheck(uri, logs, WORKERS, INCREMENTS, workers -> {
        long began = System.nanoTime();
        killedAt[0] = awaitCommits(uri, WORKERS * INCREMENTS / 3, workers);
        cluster.kill(VICTIM);
        killedAt[1] = (System.nanoTime() - began) / 1_000_000;
      });
      assertThat(cluster.alive(VICTIM)).as("the killed node stayed dead through the check").isFalse();
      int[] settled = settledOutcomes(logs);
      double seconds = committing.toNanos() / 1e9;
      System.out.printf("cluster: node %d killed after %d commits (%d ms into the run); %d commits in %.1f s,"
          + " %.1f commits/s; unknown outcomes settled: %d applied, %d not applied%n", VICTIM + 1, killedAt[0],
          killedAt[1], WORKERS * INCREMENTS, seconds, WORKERS * INCREMENTS / seconds, settled[0], settled[1]);
    }
  }

  /**
   * Waits until the branch has {@code commits} commits besides the first, or no worker runs any
   * more (the run then reports why); returns how many it saw.
   */
  private static long awaitCommits(String uri, long commits, List<Process> workers) throws InterruptedException {
    try (Repository repository = Prolly.open(uri)) {
      while (true) {
        long seen = repository.log("main").count() - 1;
        if (seen >= commits || workers.stream().noneMatch(Process::isAlive)) {
          return seen;
        }
        Thread.sleep(500);
      }
    }
  }

  /** How many unknown outcomes the workers settled as applied and as not applied, from their logs. */
  private static int[] settledOutcomes(Path logs) throws IOException {
    int[] settled = new int[2];
    try (Stream<Path> files = Files.list(logs)) {
      for (Path file : files.toList()) {
        Matcher matcher = SETTLED.matcher(Files.readString(file));
        while (matcher.find()) {
          settled[matcher.group(1).equals("applied") ? 0 : 1]++;
        }
      }
    }
    return settled;
  }
}

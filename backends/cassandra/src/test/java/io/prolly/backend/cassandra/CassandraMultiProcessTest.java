package io.prolly.backend.cassandra;

import io.prolly.backend.cassandra.testing.TestCassandra;
import io.prolly.tck.repository.SharedRepositoryRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several processes share one repository in the cluster: {@value #WORKERS} JVMs commit
 * concurrently to the same branch through their own {@link io.prolly.Repository} while one more
 * JVM keeps collecting garbage shaped like their next commits, and no increment, no commit and no
 * node is lost ({@link SharedRepositoryRun}). The child JVMs reach this JVM's node by the host and
 * port in the store's URI.
 */
class CassandraMultiProcessTest {

  private static final int WORKERS = 4;
  private static final int INCREMENTS = 25;

  @Test
  void concurrentProcessesLoseNoIncrementAndNoCommitWhileAnotherCollectsGarbage(@TempDir Path logs)
      throws Exception {
    String uri = "cassandra:" + TestCassandra.shared().location(CassandraFixture.KEYSPACE)
        + "?store=multi_process&replicationFactor=1";
    SharedRepositoryRun.runAndCheck(uri, logs, WORKERS, INCREMENTS);
  }
}

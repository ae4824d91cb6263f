package io.prolly.backend.jdbc;

import io.prolly.backend.jdbc.testing.TestPostgres;
import io.prolly.tck.repository.SharedRepositoryRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several processes share one repository in the database: {@value #WORKERS} JVMs commit
 * concurrently to the same branch through their own {@link io.prolly.Repository} while one more
 * JVM keeps collecting garbage shaped like their next commits, and no increment, no commit and no
 * node is lost ({@link SharedRepositoryRun}).
 */
class JdbcMultiProcessTest {

  private static final int WORKERS = 4;
  private static final int INCREMENTS = 50;

  @Test
  void concurrentProcessesLoseNoIncrementAndNoCommitWhileAnotherCollectsGarbage(@TempDir Path logs)
      throws Exception {
    SharedRepositoryRun.runAndCheck(TestPostgres.shared().storeConfig("multi_process").toString(), logs, WORKERS,
        INCREMENTS);
  }
}

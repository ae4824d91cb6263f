package io.prolly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.CommitInfo;
import io.prolly.Codecs;
import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.Snapshot;
import io.prolly.Store;
import io.prolly.cli.Cli.Run;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code prolly demo} runs the tour end to end, and the repository it leaves shows what it claimed. */
class DemoCommandTest {

  @TempDir
  Path dir;

  @Test
  void the_demo_leaves_the_repository_it_describes() {
    Run run;
    try (Cli cli = new Cli()) {
      run = cli.run("demo", "--dir", dir.toString());
    }
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("100,000 orders", "stats/visits = 100 (expected 100)", "~ order-000000",
        "MERGED", "order-000000 then: 3 widgets, open; now: cancelled", "clean:", "nodes deleted", "Done in");

    try (Repository repository = Prolly.open(dir.resolve(DemoCommand.FILE_NAME))) {
      Snapshot<String> main = repository.snapshot("main", Codecs.utf8());
      assertThat(main.keys().count()).isEqualTo(100_000);
      assertThat(main.get("order-000000")).isEqualTo("cancelled");
      assertThat(main.namespace("eu").get("order-eu-1")).isEqualTo("1 widget, open");
      assertThat(repository.snapshot("main", Codecs.longs()).namespace("stats").get("visits")).isEqualTo(100L);

      CommitInfo head = repository.commitInfo("main");
      assertThat(head.isMerge()).isTrue();
      assertThat(head.parents().get(1)).isEqualTo(repository.resolve("what-if"));
      assertThat(repository.diff("main~1", "main").count()).isPositive();
      assertThat(repository.maintenance().verify().isClean()).isTrue();
    }
  }

  @Test
  void the_demo_refuses_a_folder_that_already_holds_one() {
    try (Cli cli = new Cli()) {
      try (Repository existing = Prolly.open(dir.resolve(DemoCommand.FILE_NAME))) {
        assertThat(existing.branches()).isEmpty();
      }
      Run run = cli.run("demo", "--dir", dir.toString());
      assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
      assertThat(run.err()).contains("exists", "new --dir");
    }
  }
}

package io.prolly.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage measurement on a tiny branch: both curves, samples where asked, and bad options refused. */
class StorageEfficiencyRunTest {

  @TempDir
  Path directory;

  @Test
  void bothCurvesAreSampledAndTheFileShrinksToItsLiveDataAfterCompaction() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    List<StorageEfficiencyRun.Sample> samples = StorageEfficiencyRun.run(new String[] {"--backend", "file", "--keys",
        "3000", "--commits", "4", "--changed", "30", "--sample", "2", "--dir", directory.toString()},
        new PrintStream(printed, true, StandardCharsets.UTF_8));

    assertThat(samples).extracting(sample -> sample.retention() + " " + sample.phase() + " " + sample.commits())
        .containsExactly("all load 0", "all commits 2", "all commits 4", "all gc 4", "all gc+compact 4",
            "head load 0", "head gc+compact 2", "head gc+compact 4");
    StorageEfficiencyRun.Sample kept = samples.get(4);
    assertThat(kept.nodeBytes()).as("reachable bytes with every commit kept")
        .isGreaterThan(samples.get(0).nodeBytes());
    assertThat(samples.get(7).nodeBytes()).as("reachable bytes with only the head kept")
        .isLessThan(kept.nodeBytes());
    assertThat(kept.diskBytes()).as("file after gc and compaction").isLessThanOrEqualTo(samples.get(3).diskBytes());
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("backend,retention,phase,commits,diskBytes,reachableNodeBytes,nodes,ratio")
        .contains("| retention | phase | commits | disk bytes | reachable node bytes | nodes | disk / reachable |");
  }

  @Test
  void anUnknownBackendOrOptionIsRefused() {
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> StorageEfficiencyRun.run(new String[] {"--backend", "memory"}, out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("file, lmdb, rocksdb or jdbc");
    assertThatThrownBy(() -> StorageEfficiencyRun.run(new String[] {"--backend", "file", "--keys", "x"}, out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole number");
    assertThatThrownBy(() -> StorageEfficiencyRun.run(new String[] {"--backend", "file", "--size", "1"}, out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option '--size'");
    assertThatThrownBy(() -> StorageEfficiencyRun.run(new String[] {"--backend", "file", "--vacuum", "full"}, out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only with --backend jdbc");
    assertThatThrownBy(() -> StorageEfficiencyRun.run(new String[] {"--backend", "jdbc", "--vacuum", "often"}, out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plain or full");
  }
}

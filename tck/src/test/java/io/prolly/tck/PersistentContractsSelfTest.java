package io.prolly.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The crash, corruption, disk-full and location contracts can fail, for the right reason: run
 * over a backend that rewrites a plain file in place without checksums and lets its I/O
 * exceptions escape, each of the crash, corruption and disk-full rules reports a failure, and run
 * over one that keeps that file in any directory it is given, the rule on foreign stores does.
 */
class PersistentContractsSelfTest {

  @Test
  void crashSafetyContractCatchesABackendThatTearsItsFile() {
    Throwable failure = onlyFailure(UnprotectedFileCrashFixture.class,
        "required_killedWriterLosesNoAcknowledgedCommitAndLeavesNoPartialCommit()");
    assertThat(failure).as("the reason the rule failed: the store, not the harness")
        .hasMessageNotContaining("writer JVM");
  }

  @Test
  void corruptionContractCatchesABackendWithoutChecksums() {
    Throwable failure = onlyFailure(UnprotectedFileCorruptionFixture.class,
        "required_damagedStoreGivesCorrectDataOrCorruptionException(int)");
    assertThat(failure).as("the reason the rule failed")
        .hasMessageMatching("(?s)case \\d+: .*(wrong data without reporting damage|expected the committed data).*");
  }

  @Test
  void diskFullContractCatchesABackendThatLetsTheIoExceptionOfAFullDiskEscape() throws IOException {
    Path scratch = Files.createTempDirectory("prolly-tmpfs-probe-");
    String unavailable;
    try {
      unavailable = PrivateTmpfs.unavailable(scratch);
    } finally {
      TestDirectories.delete(scratch);
    }
    assumeTrue(unavailable == null, () -> "needs a small file system of its own: " + unavailable);
    Throwable failure = onlyFailure(UnprotectedFileDiskFullFixture.class,
        "required_aFullDiskFailsTheCommitClearlyLosesNothingAndCommitsAgainOnceSpaceIsFreed()");
    assertThat(failure).as("the reason the rule failed: the exception of the full disk")
        .hasMessageContaining("it must be a StorageFullException")
        .hasMessageContaining("UncheckedIOException");
  }

  @Test
  void storeLocationContractCatchesABackendThatMovesIntoAForeignDirectory() {
    Throwable failure = onlyFailure(CarelessDirectoryFixture.class,
        "required_aLocationHoldingAnotherStoreIsRefusedUntouched(io.prolly.tck.ForeignStore)");
    assertThat(failure).as("the reason the rule failed: the open was not refused")
        .hasMessageMatching("(?s)opening '.*', where it holds \\w+, succeeded; it must be refused.*");
  }

  private static Throwable onlyFailure(Class<?> fixture, String method) {
    Events events = EngineTestKit.engine("jqwik")
        .selectors(selectMethod(fixture.getName() + "#" + method))
        .execute()
        .testEvents();
    events.assertStatistics(stats -> stats.started(1).failed(1));
    Throwable reported = events.failed().stream().findFirst().orElseThrow()
        .getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
    // The report names the rule and its contract; the rule's own failure is its cause.
    assertThat(reported).hasMessageStartingWith("TCK rule " + fixture.getSimpleName() + "."
        + method.substring(0, method.indexOf('(')) + " failed.").hasMessageContaining("\n  Contract: ");
    return reported.getCause();
  }
}

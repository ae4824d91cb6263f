package io.prolly.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * A TCK that passes a broken backend is worthless. This runs the whole contract against
 * deliberately broken variants of the reference backend and checks that each is caught by the
 * rules that guard what it breaks. ({@link ReferenceBackendTest} shows the unbroken one passes.)
 * The runs go one after another, so switching the flaw through a static field is safe.
 */
class TckSelfTest {

  @ParameterizedTest
  @EnumSource(value = ReferenceBackend.Flaw.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
  void everyFlawIsCaughtByTheRulesThatGuardIt(ReferenceBackend.Flaw flaw) {
    // The flawed runs report their (expected) failures on standard output; keep them out of the
    // build log unless this test fails.
    ByteArrayOutputStream report = new ByteArrayOutputStream();
    PrintStream console = System.out;
    Set<String> failed;
    System.setOut(new PrintStream(report, true, StandardCharsets.UTF_8));
    ReferenceBackendTest.flaw = flaw;
    try {
      failed = failedRules(ReferenceBackendTest.class);
    } finally {
      ReferenceBackendTest.flaw = ReferenceBackend.Flaw.NONE;
      System.setOut(console);
    }
    assertThat(failed)
        .as("rules failed by a backend with flaw %s; the TCK's report was:%n%s", flaw, report.toString(StandardCharsets.UTF_8))
        .containsAll(expectedFailures(flaw));
  }

  private static Set<String> expectedFailures(ReferenceBackend.Flaw flaw) {
    switch (flaw) {
      case IGNORES_CAS:
        // Only the race between the staging check and the commit escapes the base class, so the
        // concurrent-increments rule catches this flaw only when threads interleave there, which a
        // busy two-core machine may never do; two transactions with one expectation always do.
        return Set.of("required_conflictingTransactionsCommitOneAndLeaveNoTraceOfTheOther");
      case WRITES_NODES_BEFORE_CAS_CHECK:
        return Set.of("required_conflictingTransactionsCommitOneAndLeaveNoTraceOfTheOther");
      case READS_LATEST_INSTEAD_OF_SNAPSHOT:
        return Set.of("required_readTransactionKeepsItsSnapshotWhileWritersCommit",
            "required_uncommittedWritesAreInvisibleToOtherTransactions",
            "required_randomOperationSequencesMatchTheModel");
      case FORGETS_DATA_ON_REOPEN:
        return Set.of("required_committedDataSurvivesReopenByteForByte", "required_sixteenMiBNodeSurvivesReopen");
      case MISCOUNTS_DELETED_BYTES:
        return Set.of("required_commitAppliesEveryChange", "required_randomOperationSequencesMatchTheModel");
      case LOSES_EMPTY_NODES:
        return Set.of("required_edgeSizeNodesAreStoredVerbatim", "required_nodesComeBackByteIdentical");
      default:
        throw new IllegalArgumentException("no expectation for " + flaw);
    }
  }

  private static Set<String> failedRules(Class<?> contract) {
    EngineExecutionResults results = EngineTestKit.engine("jqwik")
        .configurationParameter("jqwik.database", "target/jqwik-self-test-database")
        // A failure is all the self-test needs; shrinking it would only cost time.
        .configurationParameter("jqwik.shrinking.default", "OFF")
        .selectors(selectClass(contract))
        .execute();
    Set<String> failed = new TreeSet<>();
    for (Event event : results.testEvents().failed().list()) {
      event.getTestDescriptor().getSource()
          .filter(MethodSource.class::isInstance)
          .map(source -> ((MethodSource) source).getMethodName())
          .ifPresent(failed::add);
    }
    return failed;
  }
}

package io.prolly.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.prolly.spi.BackendProvider;
import io.prolly.spi.StoreConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
    try {
      failed = failedRules(variantFor(flaw));
    } finally {
      System.setOut(console);
    }
    assertThat(failed)
        .as("rules failed by a backend with flaw %s; the TCK's report was:%n%s", flaw, report.toString(StandardCharsets.UTF_8))
        .containsAll(expectedFailures(flaw));
  }

  private static Set<String> expectedFailures(ReferenceBackend.Flaw flaw) {
    switch (flaw) {
      case IGNORES_CAS:
        return Set.of("required_concurrentIncrementsOfOneRefLoseNoUpdate",
            "required_conflictingTransactionsCommitOneAndLeaveNoTraceOfTheOther");
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

  private static Class<? extends NodeStoreContract> variantFor(ReferenceBackend.Flaw flaw) {
    switch (flaw) {
      case IGNORES_CAS: return IgnoresCas.class;
      case WRITES_NODES_BEFORE_CAS_CHECK: return WritesNodesBeforeCasCheck.class;
      case READS_LATEST_INSTEAD_OF_SNAPSHOT: return ReadsLatestInsteadOfSnapshot.class;
      case FORGETS_DATA_ON_REOPEN: return ForgetsDataOnReopen.class;
      case MISCOUNTS_DELETED_BYTES: return MiscountsDeletedBytes.class;
      case LOSES_EMPTY_NODES: return LosesEmptyNodes.class;
      default: throw new IllegalArgumentException("no variant for " + flaw);
    }
  }

  /** The contract over one flawed variant; run only through the engine test kit above. */
  abstract static class FlawedVariant extends NodeStoreContract {
    private final ReferenceBackend.Flaw flaw;

    FlawedVariant(ReferenceBackend.Flaw flaw) {
      this.flaw = flaw;
    }

    @Override
    public BackendProvider provider() {
      return new ReferenceBackend(flaw);
    }

    @Override
    public StoreConfig config(Path directory) {
      return StoreConfig.builder("reference").location(directory).build();
    }

    @Override
    public boolean persistent() {
      return true;
    }
  }

  static class IgnoresCas extends FlawedVariant {
    IgnoresCas() {
      super(ReferenceBackend.Flaw.IGNORES_CAS);
    }
  }

  static class WritesNodesBeforeCasCheck extends FlawedVariant {
    WritesNodesBeforeCasCheck() {
      super(ReferenceBackend.Flaw.WRITES_NODES_BEFORE_CAS_CHECK);
    }
  }

  static class ReadsLatestInsteadOfSnapshot extends FlawedVariant {
    ReadsLatestInsteadOfSnapshot() {
      super(ReferenceBackend.Flaw.READS_LATEST_INSTEAD_OF_SNAPSHOT);
    }
  }

  static class ForgetsDataOnReopen extends FlawedVariant {
    ForgetsDataOnReopen() {
      super(ReferenceBackend.Flaw.FORGETS_DATA_ON_REOPEN);
    }
  }

  static class MiscountsDeletedBytes extends FlawedVariant {
    MiscountsDeletedBytes() {
      super(ReferenceBackend.Flaw.MISCOUNTS_DELETED_BYTES);
    }
  }

  static class LosesEmptyNodes extends FlawedVariant {
    LosesEmptyNodes() {
      super(ReferenceBackend.Flaw.LOSES_EMPTY_NODES);
    }
  }
}

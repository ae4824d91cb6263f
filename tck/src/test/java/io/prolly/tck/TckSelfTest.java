package io.prolly.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
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

  // The rules named for several flaws.
  private static final String MODEL = "required_randomOperationSequencesMatchTheModel";
  private static final String COMMIT_APPLIES = "required_commitAppliesEveryChange";
  private static final String CONFLICTING = "required_conflictingTransactionsCommitOneAndLeaveNoTraceOfTheOther";
  private static final String LOST_RACE = "required_aTransactionThatLostARaceLeavesNoTraceAfterLaterCommitsAndReopen";
  private static final String SEVERAL_REFS = "required_aCommitOfSeveralRefsFailsWholeIfAnyOfThemMoved";
  private static final String CREATE_RACE = "required_creatingARefThatAnotherTransactionCreatedFails";
  private static final String DELETE_RACE = "required_deletingARefThatAnotherTransactionMovedFails";
  private static final String SNAPSHOT = "required_readTransactionKeepsItsSnapshotWhileWritersCommit";
  private static final String UNCOMMITTED_INVISIBLE = "required_uncommittedWritesAreInvisibleToOtherTransactions";
  private static final String OWN_WRITES = "required_writeTransactionReadsItsOwnWrites";
  private static final String TEN_THOUSAND_REFS = "required_tenThousandRefsAreListedInOrder";
  private static final String SURVIVES_REOPEN = "required_committedDataSurvivesReopenByteForByte";
  private static final String SIXTEEN_MIB_REOPEN = "required_sixteenMiBNodeSurvivesReopen";
  private static final String OPEN_AT_CLOSE = "required_uncommittedTransactionAtCloseIsGoneAfterReopen";
  private static final String FOR_EACH_NODE_ONCE = "required_forEachNodeVisitsEveryNodeExactlyOnce";
  private static final String EDGE_SIZES = "required_edgeSizeNodesAreStoredVerbatim";
  private static final String AFTER_CLOSE = "required_everyOperationAfterCloseThrowsStoreClosedException";

  @Test
  void theCatalogueHoldsAtLeastThirtyFlaws() {
    assertThat(ReferenceBackend.Flaw.values()).as("flaws besides NONE").hasSizeGreaterThan(30);
  }

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

  /**
   * The rules that must catch each flaw, named in {@link NodeStoreContract}. Only the rules that
   * catch it every time are named: others may fail too (a flaw in reading refs breaks most
   * rules), and a rule that depends on how threads interleave is named only where the race is
   * forced.
   */
  private static Set<String> expectedFailures(ReferenceBackend.Flaw flaw) {
    switch (flaw) {
      // ---- ref compare-and-set ----
      case IGNORES_CAS:
        // Only the race between the staging check and the commit escapes the base class, so the
        // concurrent-increments rule catches this flaw only when threads interleave there, which a
        // busy two-core machine may never do; two transactions with one expectation always do.
        return Set.of(CONFLICTING, SEVERAL_REFS, CREATE_RACE, DELETE_RACE);
      case CHECKS_ONLY_THE_FIRST_REF:
      case APPLIES_REFS_WHILE_CHECKING_THEM:
        return Set.of(SEVERAL_REFS);
      case SKIPS_THE_CHECK_OF_A_REF_SET_TO_ITS_OWN_VALUE:
        return Set.of("required_aRefSetToItsOwnValueFailsTheCommitIfAnotherTransactionMovedIt");
      case CREATES_REFS_WITHOUT_CHECKING_THEY_ARE_ABSENT:
        return Set.of(CREATE_RACE);
      case DELETES_REFS_WITHOUT_CHECKING_THEM:
        return Set.of(DELETE_RACE);
      case DOES_NOT_SAY_WHAT_A_MOVED_REF_HOLDS:
        return Set.of("required_aFailedCompareAndSetNamesTheRefAndTheValueItFound");
      // ---- atomicity ----
      case WRITES_NODES_BEFORE_CAS_CHECK:
        return Set.of(CONFLICTING, LOST_RACE, SEVERAL_REFS);
      case DELETES_NODES_BEFORE_CAS_CHECK:
        return Set.of(CONFLICTING, LOST_RACE);
      case IGNORES_NODE_DELETES:
        return Set.of(COMMIT_APPLIES, SURVIVES_REOPEN, MODEL);
      case IGNORES_REF_DELETES:
        return Set.of(COMMIT_APPLIES, "required_refsAreCreatedMovedAndDeletedByCompareAndSet", MODEL);
      case REUSES_THE_WRITE_BATCH_OF_A_FAILED_COMMIT:
      case REPLAYS_THE_NODES_OF_FAILED_COMMITS_AT_OPEN:
        return Set.of(LOST_RACE);
      case CLOSE_WITHOUT_COMMIT_COMMITS:
        return Set.of("required_rollbackAndCloseWithoutCommitLeaveNoTrace", MODEL);
      // ---- isolation ----
      case READS_LATEST_INSTEAD_OF_SNAPSHOT:
        return Set.of(SNAPSHOT, UNCOMMITTED_INVISIBLE, MODEL);
      case DELETES_NODES_UNDER_OPEN_SNAPSHOTS:
        return Set.of(SNAPSHOT, MODEL);
      case LISTS_REFS_PAST_THE_PREFIX:
        return Set.of(TEN_THOUSAND_REFS, MODEL);
      case LISTS_REFS_AFTER_THE_PREFIX_EXCLUSIVELY:
        return Set.of("required_unicodeRefNamesRoundTrip", MODEL);
      case LISTS_REFS_IN_REVERSE_ORDER:
        return Set.of(TEN_THOUSAND_REFS, OWN_WRITES, MODEL);
      case READS_REFS_STAGED_BY_OTHER_TRANSACTIONS:
        return Set.of(UNCOMMITTED_INVISIBLE, MODEL);
      case LISTS_REFS_WITHOUT_OWN_CHANGES:
        return Set.of(OWN_WRITES, MODEL);
      // ---- durability ----
      case FORGETS_DATA_ON_REOPEN:
        return Set.of(SURVIVES_REOPEN, SIXTEEN_MIB_REOPEN, OPEN_AT_CLOSE, LOST_RACE);
      case FORGETS_REFS_ON_REOPEN:
        return Set.of(SURVIVES_REOPEN, OPEN_AT_CLOSE, MODEL);
      case LOSES_THE_LAST_COMMIT_AT_CLOSE:
        return Set.of(SURVIVES_REOPEN, SIXTEEN_MIB_REOPEN);
      case FORGETS_DELETES_ON_REOPEN:
        return Set.of(SURVIVES_REOPEN, MODEL);
      case SKIPS_THE_SYNC_AT_CLOSE_WITHOUT_DURABILITY:
        return Set.of(SURVIVES_REOPEN);
      case COMMITS_OPEN_TRANSACTIONS_AT_CLOSE:
        return Set.of(OPEN_AT_CLOSE, MODEL);
      // ---- stats and forEachNode ----
      case MISCOUNTS_DELETED_BYTES:
      case MISCOUNTS_DELETED_NODES:
        return Set.of(COMMIT_APPLIES, MODEL);
      case COUNTS_AN_EXISTING_NODE_AGAIN:
        return Set.of(MODEL);
      case COUNTS_ONLY_NODE_BYTES_AS_STORAGE:
        return Set.of("required_storageBytesIsPositiveForAnEmptyNodeAndForARef");
      case MISCOUNTS_DELETED_REFS:
        return Set.of(COMMIT_APPLIES, "required_refsAreCreatedMovedAndDeletedByCompareAndSet", MODEL);
      case FOR_EACH_NODE_SKIPS_THE_LAST_NODE:
        return Set.of(FOR_EACH_NODE_ONCE, COMMIT_APPLIES, MODEL);
      case FOR_EACH_NODE_REPEATS_PAGE_BOUNDARIES:
        return Set.of(FOR_EACH_NODE_ONCE);
      case CONTAINS_REMEMBERS_DELETED_NODES:
        return Set.of(MODEL);
      // ---- limits ----
      case LOSES_EMPTY_NODES:
        return Set.of(EDGE_SIZES, "required_nodesComeBackByteIdentical");
      case REFUSES_A_NODE_OF_THE_MAXIMUM_SIZE:
        return Set.of(EDGE_SIZES, SIXTEEN_MIB_REOPEN);
      case TRUNCATES_LONG_REF_NAMES:
        return Set.of("required_refNameOfTheMaximumLengthIsAccepted");
      case IGNORES_THE_CASE_OF_REF_NAMES:
        return Set.of("required_refNamesThatDifferOnlyInCaseOrNormalisationAreDistinct");
      // ---- lifecycle ----
      case CLOSE_IS_NOT_IDEMPOTENT:
        return Set.of("required_closeIsIdempotent", AFTER_CLOSE);
      case ANSWERS_STATS_AFTER_CLOSE:
        return Set.of(AFTER_CLOSE);
      // ---- compaction ----
      case COMPACTION_DROPS_A_NODE:
        return Set.of("required_compactionLosesNoNodeAndMovesNoRef");
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

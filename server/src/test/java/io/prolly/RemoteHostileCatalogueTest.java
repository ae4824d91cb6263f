package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hostile requests of every concern together: enough of them that every limit and refusal
 * has a case, and no two named alike, so that a failure names the one that failed.
 */
class RemoteHostileCatalogueTest {

  /** Every concern's hostile requests; a new one is added here too. */
  static final List<RemoteHostileRequests> CONCERNS = List.of(new RemoteHostileVersionsAndPathsTest(),
      new RemoteHostileTokensTest(), new RemoteHostileBatchesTest(), new RemoteHostilePushHeaderTest(),
      new RemoteHostilePushNodesTest());

  @Test
  void theConcernsTogetherHaveAtLeastFiftyHostileRequestsEachNamedOnce() {
    List<HostileRequest> all = new ArrayList<>();
    try (HostileServer server = new HostileServer()) {
      CONCERNS.forEach(concern -> all.addAll(concern.cases(server)));
    }
    assertThat(all).hasSizeGreaterThanOrEqualTo(50);
    assertThat(all.stream().map(HostileRequest::name).distinct()).hasSameSizeAs(all);
  }
}

package io.prolly.backend.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class NodeVersionTest {

  /**
   * Builds one id's history the way commits do (commit i puts when the flag is true, deletes
   * otherwise), then prunes it for some oldest snapshot: every snapshot from there on must see
   * exactly what it saw before pruning.
   */
  @Property
  void pruningKeepsEverythingAnOpenSnapshotCanSee(
      @ForAll @Size(max = 12) List<Boolean> putOrDelete, @ForAll @IntRange(max = 14) int oldest) {
    NodeVersion history = null;
    for (int i = 0; i < putOrDelete.size(); i++) {
      long version = i + 1;
      boolean live = history != null && history.isLive();
      if (putOrDelete.get(i) && !live) {
        history = new NodeVersion(new byte[] {(byte) version}, version, NodeVersion.LIVE, history);
      } else if (!putOrDelete.get(i) && live) {
        history = new NodeVersion(history.bytes(), history.created(), version, history.older());
      }
    }
    NodeVersion pruned = NodeVersion.prune(history, oldest);
    for (long snapshot = oldest; snapshot <= putOrDelete.size() + 1; snapshot++) {
      assertThat(NodeVersion.visibleAt(pruned, snapshot)).as("visible at %d", snapshot)
          .isSameAs(NodeVersion.visibleAt(history, snapshot));
    }
    int keptFromBeforeOldest = 0;
    for (NodeVersion v = pruned; v != null; v = v.older()) {
      if (v.created() <= oldest) {
        keptFromBeforeOldest++;
      }
    }
    assertThat(keptFromBeforeOldest).as("versions created at or before the oldest snapshot, after pruning")
        .isLessThanOrEqualTo(1);
    if (pruned != null) {
      assertThat(pruned.deleted()).as("a pruned history still visible to someone").isGreaterThan(oldest);
    }
  }
}

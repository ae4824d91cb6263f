package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.backend.memory.MemoryBackendProvider;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.support.ForwardingNodeStore;
import io.prolly.spi.support.ForwardingReadTransaction;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** {@link Repository#log} reads the commits it returns, not the history behind them. */
class LogReadsTest {

  @Test
  void aFirstPageOfALongHistoryReadsAboutAPageOfCommits() {
    CountingReads counting = new CountingReads(new MemoryBackendProvider().open(StoreConfig.parse("memory:")));
    try (Repository repository = Prolly.over(counting)) {
      Store<String> main = repository.store("main", Codecs.utf8());
      for (int i = 0; i < 1_000; i++) {
        main.set("k", "v" + i);
        main.commit("commit " + i);
      }
      repository.createBranch("side", "main");
      Store<String> side = repository.store("side", Codecs.utf8());
      side.set("s", "side");
      side.commit("on side");
      main.set("m", "main");
      main.commit("on main");
      repository.merge("side", "main");

      long before = counting.reads;
      List<String> page = repository.log("main").limit(10).map(CommitInfo::message).toList();
      assertThat(page).hasSize(10);
      assertThat(page.subList(3, 10)).containsExactly("commit 999", "commit 998", "commit 997", "commit 996",
          "commit 995", "commit 994", "commit 993");
      // Ten commits and the frontier: each commit's parents are read when it is taken.
      assertThat(counting.reads - before).as("nodes read for a page of ten of 1,003 commits").isLessThanOrEqualTo(12);

      before = counting.reads;
      assertThat(repository.log("main").count()).isEqualTo(1_003);
      assertThat(counting.reads - before).as("nodes read for the whole log").isGreaterThanOrEqualTo(1_003);
    }
  }

  /** Counts the nodes read through every read transaction. */
  private static final class CountingReads extends ForwardingNodeStore {
    volatile long reads;

    CountingReads(NodeStore store) {
      super(store);
    }

    @Override
    public ReadTransaction beginRead() {
      return new ForwardingReadTransaction(delegate().beginRead()) {
        @Override
        public byte @Nullable [] get(Hash id) {
          reads++;
          return super.get(id);
        }
      };
    }
  }
}

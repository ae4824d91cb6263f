package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.backend.memory.MemoryBackendProvider;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.support.ForwardingNodeStore;
import io.prolly.spi.support.ForwardingReadTransaction;
import net.jqwik.api.Example;
import org.jspecify.annotations.Nullable;

class CopyResumeTest {

  @Example
  void anInterruptedCopyFinishesWhenRunAgainWithoutCopyingTwice() {
    FailingReads source = new FailingReads(new MemoryBackendProvider().open(StoreConfig.parse("memory:")));
    try (Repository from = Prolly.over(source); Repository to = Prolly.inMemory()) {
      Store<String> store = from.store("main", Codecs.utf8());
      for (int i = 0; i < 30_000; i++) {
        store.namespace("n").set("key-" + i, "value " + i);
      }
      store.commit("load");
      from.createTag("v1", "main");
      long reachable = from.maintenance().stats().nodeCount();

      source.reads = 0;
      source.failAfterReads = 3 * reachable / 2; // the walk reads every node once, then the copy fails halfway
      assertThatThrownBy(() -> from.copyInBatches(to, 50)).isInstanceOf(IllegalStateException.class);
      long copiedBefore = to.maintenance().stats().nodeCount();
      assertThat(copiedBefore).isPositive().isLessThan(reachable);
      assertThat(to.branches()).isEmpty();

      source.failAfterReads = Long.MAX_VALUE;
      SyncReport finished = from.copyInBatches(to, 50);
      assertThat(finished.nodesTransferred()).isEqualTo(reachable - copiedBefore);
      assertThat(to.maintenance().stats().nodeCount()).isEqualTo(reachable);
      assertThat(to.maintenance().verify().problems()).isEmpty();
      assertThat(to.tags()).isEqualTo(from.tags());
      assertThat(to.snapshot("main", Codecs.utf8()).namespace("n").size()).isEqualTo(30_000);
    }
  }

  /** A store whose read transactions fail after a number of node reads, like a copy cut off. */
  private static final class FailingReads extends ForwardingNodeStore {
    long failAfterReads = Long.MAX_VALUE;
    long reads;

    FailingReads(NodeStore store) {
      super(store);
    }

    @Override
    public ReadTransaction beginRead() {
      return new ForwardingReadTransaction(delegate().beginRead()) {
        @Override
        public byte @Nullable [] get(Hash id) {
          if (++reads > failAfterReads) {
            throw new IllegalStateException("connection lost");
          }
          return super.get(id);
        }
      };
    }
  }
}

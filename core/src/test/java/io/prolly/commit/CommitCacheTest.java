package io.prolly.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.error.CorruptNodeException;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.support.ForwardingReadTransaction;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class CommitCacheTest {

  @Test
  void aSecondWalkOfTheSameHistoryReadsNothingFromTheStore() {
    try (History history = new History()) {
      Hash head = history.line(200);
      CommitCache cache = new CommitCache(CommitCache.DEFAULT_BYTES);
      try (ReadTransaction tx = history.read()) {
        AtomicInteger reads = new AtomicInteger();
        ReadTransaction counting = counting(tx, reads);
        Set<Hash> first = new CommitGraph(cache.over(counting)).ancestors(List.of(head), Set.of());
        assertThat(first).hasSize(200);
        assertThat(reads.get()).isEqualTo(200);
        Set<Hash> second = new CommitGraph(cache.over(counting)).ancestors(List.of(head), Set.of());
        assertThat(second).containsExactlyElementsOf(first);
        assertThat(reads.get()).as("store reads after the second walk").isEqualTo(200);
        assertThat(cache.over(counting).read(head)).isEqualTo(CommitSource.of(tx).read(head));
      }
    }
  }

  @Test
  void aCacheTooSmallForTheHistoryStillAnswersRight() {
    try (History history = new History()) {
      Hash head = history.line(100);
      CommitCache tiny = new CommitCache(1);
      try (ReadTransaction tx = history.read()) {
        assertThat(new CommitGraph(tiny.over(tx)).ancestors(List.of(head), Set.of()))
            .containsExactlyElementsOf(new CommitGraph(CommitSource.of(tx)).ancestors(List.of(head), Set.of()));
      }
    }
  }

  @Test
  void aMissingCommitIsReportedAndNotCached() {
    try (History history = new History()) {
      CommitCache cache = new CommitCache(CommitCache.DEFAULT_BYTES);
      Hash absent = Hash.of(new byte[] {7});
      try (ReadTransaction tx = history.read()) {
        assertThatThrownBy(() -> cache.over(tx).read(absent)).isInstanceOf(CorruptNodeException.class)
            .hasMessageContaining("missing from the store");
        assertThatThrownBy(() -> cache.over(tx).read(absent)).isInstanceOf(CorruptNodeException.class);
      }
    }
  }

  @Test
  void aCacheWithoutRoomIsRefused() {
    assertThatThrownBy(() -> new CommitCache(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one byte");
  }

  private static ReadTransaction counting(ReadTransaction tx, AtomicInteger reads) {
    return new ForwardingReadTransaction(tx) {
      @Override
      public byte @Nullable [] get(Hash id) {
        reads.incrementAndGet();
        return super.get(id);
      }
    };
  }
}

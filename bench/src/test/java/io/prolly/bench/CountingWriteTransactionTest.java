package io.prolly.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.spi.StoreStats;
import io.prolly.spi.WriteTransaction;
import io.prolly.tree.Edits;
import io.prolly.tree.Tree;
import io.prolly.tree.TreeWriter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The node counts that {@link TreeUpdateBenchmark} reports are the nodes a batch update adds to the store. */
class CountingWriteTransactionTest {

  @Test
  void countsExactlyTheNodesAndBytesABatchUpdateAddsToTheStore() {
    TreeData data = TreeData.generate(20_000, 1);
    try (TreeFixture fixture = new TreeFixture()) {
      Tree tree = fixture.build(data.entries());
      SplittableRandom random = new SplittableRandom(2);
      Edits edits = new Edits();
      for (int position : data.distinctPositions(100, random)) {
        edits.put(data.key(position), TreeData.randomValue(random));
      }
      StoreStats before = fixture.bench.store.stats();

      CountingWriteTransaction counting;
      try (WriteTransaction tx = fixture.bench.store.beginWrite()) {
        counting = new CountingWriteTransaction(tx);
        new TreeWriter(counting, fixture.cache).apply(tree, edits);
        counting.commit();
      }

      StoreStats after = fixture.bench.store.stats();
      assertThat(counting.nodes()).isPositive().isEqualTo(after.nodeCount() - before.nodeCount());
      assertThat(counting.bytes()).isEqualTo(after.nodeBytes() - before.nodeBytes());
    }
  }
}

package io.prolly.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.error.CorruptNodeException;
import io.prolly.spi.Hash;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.WriteTransaction;
import java.util.List;
import java.util.NavigableMap;
import net.jqwik.api.Example;

class NodeCacheTest {

  @Example
  void aCachedNodeIsReadFromTheStoreOnceAcrossTransactions() {
    NodeCache cache = NodeCache.create(16 * 1024 * 1024, true);
    NavigableMap<byte[], byte[]> model = TreeFixture.newModel();
    for (int i = 0; i < 5000; i++) {
      model.put(String.format("key-%05d", i).getBytes(), new byte[20]);
    }
    try (TreeFixture fixture = new TreeFixture(cache)) {
      Tree tree = fixture.build(TreeFixture.SMALL, model);
      int first = countReads(fixture, cache, tree);
      int second = countReads(fixture, cache, tree);
      assertThat(first).isGreaterThan(0);
      assertThat(second).isZero();
      assertThat(cache.estimatedSize()).isGreaterThan(0);
    }
  }

  @Example
  void aNodeThatDoesNotHashToItsIdIsCorruptWhenVerifying() {
    byte[] node = NodeFormat.encode(0, List.of("k".getBytes()), List.of(StoredValue.inline("v".getBytes())));
    Hash wrongId = Hash.of("something else".getBytes());
    try (TreeFixture fixture = new TreeFixture()) {
      try (WriteTransaction tx = fixture.store.beginWrite()) {
        tx.put(wrongId, node);
        tx.commit();
      }
      Tree tree = new Tree(wrongId, TreeConfig.DEFAULT);
      try (ReadTransaction tx = fixture.store.beginRead()) {
        assertThat(new TreeReader(tx, NodeCache.create(0, false)).count(tree)).isEqualTo(1);
        for (NodeCache verifying : List.of(NodeCache.create(0, true), NodeCache.create(1024 * 1024, true))) {
          assertThatThrownBy(() -> new TreeReader(tx, verifying).count(tree))
              .isInstanceOf(CorruptNodeException.class)
              .hasMessageContaining(wrongId.toHex())
              .hasMessageContaining("hash to " + Hash.of(node).toHex());
          assertThat(verifying.estimatedSize()).isZero();
        }
      }
    }
  }

  private static int countReads(TreeFixture fixture, NodeCache cache, Tree tree) {
    try (ReadTransaction tx = fixture.store.beginRead()) {
      CountingReadTransaction counting = new CountingReadTransaction(tx);
      TreeModelTest.entries(new TreeReader(counting, cache).iterator(tree, KeyRange.all()));
      return counting.reads();
    }
  }
}

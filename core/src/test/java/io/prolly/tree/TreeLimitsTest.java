package io.prolly.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.error.CorruptNodeException;
import io.prolly.spi.Hash;
import io.prolly.spi.WriteTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import net.jqwik.api.Example;

/** Limits, argument checks and damaged stores give clear exceptions. */
class TreeLimitsTest {

  @Example
  void keysOfUpTo4KiBAreAccepted() {
    try (TreeFixture fixture = new TreeFixture()) {
      byte[] key = new byte[TreeConfig.MAX_KEY_SIZE];
      Tree tree = fixture.apply(Tree.empty(TreeConfig.DEFAULT), new Edits().put(key, new byte[1]));
      byte[] value = fixture.read(reader -> reader.get(tree, key));
      assertThat(value).containsExactly(0);
    }
    assertThatThrownBy(() -> new Edits().put(new byte[TreeConfig.MAX_KEY_SIZE + 1], new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4097 bytes, over the limit of 4096");
  }

  @Example
  void aBuildRejectsKeysOutOfOrder() {
    try (TreeFixture fixture = new TreeFixture()) {
      List<Entry> entries = List.of(new Entry("b".getBytes(), new byte[0]), new Entry("a".getBytes(), new byte[0]));
      assertThatThrownBy(() -> fixture.build(TreeConfig.DEFAULT, entries.iterator()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("strictly increasing key order");
    }
  }

  @Example
  void treeConfigsAreCheckedAndRoundTrip() {
    assertThat(TreeConfig.fromBytes(TreeConfig.DEFAULT.toBytes())).isEqualTo(TreeConfig.DEFAULT);
    assertThat(TreeConfig.fromBytes(TreeFixture.TINY.toBytes())).isEqualTo(TreeFixture.TINY);
    assertThatThrownBy(() -> new TreeConfig(512, 256, 1024, 4, 10)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("targetNodeSize (256) must be at least minNodeSize (512)");
    assertThatThrownBy(() -> new TreeConfig(512, 4096, 64 * 1024, 4, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxNodeSize");
    assertThatThrownBy(() -> TreeConfig.fromBytes(new byte[3])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TreeConfig(1, 1, 1, 1, 16)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxNodeSize must be at least 80");
  }

  @Example
  void rulesTooSmallForTheKeysFailWithAClearErrorInsteadOfGrowingForever() {
    TreeConfig cramped = new TreeConfig(80, 80, 100, 4, 16);
    try (TreeFixture fixture = new TreeFixture()) {
      List<Entry> entries = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        byte[] key = new byte[200];
        key[0] = (byte) i;
        entries.add(new Entry(key, new byte[0]));
      }
      assertThatThrownBy(() -> fixture.build(cramped, entries.iterator()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cannot hold these keys")
          .hasMessageContaining("maxNodeSize of at least twice the longest key plus 80 bytes");
    }
  }

  @Example
  void treesRoundTripThroughTheirEncoding() {
    Tree tree = new Tree(Hash.of(new byte[] {1}), TreeFixture.SMALL);
    assertThat(Tree.fromBytes(tree.toBytes())).isEqualTo(tree);
    assertThat(Tree.fromBytes(Tree.empty(TreeConfig.DEFAULT).toBytes()).isEmpty()).isTrue();
    assertThatThrownBy(() -> Tree.fromBytes(new byte[40])).isInstanceOf(IllegalArgumentException.class);
  }

  @Example
  void nodesOfTheLargestConfigWithTheLongestKeysAndValuesFitTheFormat() {
    TreeConfig largest = new TreeConfig(TreeConfig.MAX_NODE_SIZE_LIMIT, TreeConfig.MAX_NODE_SIZE_LIMIT,
        TreeConfig.MAX_NODE_SIZE_LIMIT, 4, TreeConfig.MAX_INLINE_VALUE_SIZE_LIMIT);
    NavigableMap<byte[], byte[]> model = TreeFixture.newModel();
    for (int i = 0; i < 60; i++) {
      byte[] key = new byte[i % 3 == 0 ? TreeConfig.MAX_KEY_SIZE : 1 + i];
      key[0] = (byte) i;
      key[key.length - 1] = (byte) i;
      model.put(key, new byte[i % 2 == 0 ? TreeConfig.MAX_INLINE_VALUE_SIZE_LIMIT : i]);
    }
    for (int i = 0; i < 3000; i++) {
      model.put(new byte[] {(byte) 200, (byte) (i >> 8), (byte) i}, new byte[0]);
    }
    try (TreeFixture fixture = new TreeFixture()) {
      Tree tree = fixture.build(largest, model);
      TreeShape.of(fixture, tree).checkNodeSizes(largest);
      TreeModelTest.checkAgainstModel(fixture, tree, model);
    }
  }

  @Example
  void prefixRangesEndAtTheNextPrefix() {
    assertThat(KeyRange.prefix(new byte[] {1, 2})).isEqualTo(KeyRange.between(new byte[] {1, 2}, new byte[] {1, 3}));
    assertThat(KeyRange.prefix(new byte[] {1, (byte) 0xFF}))
        .isEqualTo(KeyRange.between(new byte[] {1, (byte) 0xFF}, new byte[] {2}));
    assertThat(KeyRange.prefix(new byte[] {(byte) 0xFF})).isEqualTo(KeyRange.atLeast(new byte[] {(byte) 0xFF}));
    assertThat(KeyRange.prefix(new byte[0])).isEqualTo(KeyRange.all());
    assertThatThrownBy(() -> KeyRange.between(new byte[] {2}, new byte[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Example
  void aDamagedNodeInTheStoreGivesCorruptNodeException() {
    try (TreeFixture fixture = new TreeFixture()) {
      byte[] garbage = {1, 0, 0, 5, 0};
      Hash id = Hash.of(garbage);
      try (WriteTransaction tx = fixture.store.beginWrite()) {
        tx.put(id, garbage);
        tx.commit();
      }
      Tree damaged = new Tree(id, TreeConfig.DEFAULT);
      assertThatThrownBy(() -> fixture.read(reader -> reader.get(damaged, new byte[0])))
          .isInstanceOf(CorruptNodeException.class)
          .hasMessageContaining(id.toHex());
    }
  }

  @Example
  void aMissingNodeGivesCorruptNodeException() {
    try (TreeFixture fixture = new TreeFixture()) {
      Hash missing = Hash.of("nowhere".getBytes());
      Tree tree = new Tree(missing, TreeConfig.DEFAULT);
      assertThatThrownBy(() -> fixture.read(reader -> reader.count(tree)))
          .isInstanceOf(CorruptNodeException.class)
          .hasMessageContaining("missing");
      assertThatThrownBy(() -> fixture.apply(tree, new Edits().put(new byte[1], new byte[1])))
          .isInstanceOf(CorruptNodeException.class);
    }
  }
}

package io.prolly.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.NavigableMap;
import java.util.Random;
import net.jqwik.api.Example;

/**
 * Root hashes of fixed trees, pinned. Stored trees, deduplication and sync between stores all
 * rely on the same entries giving the same root in every version of Prolly: a change to the node
 * format, the key hash, the salts, the threshold arithmetic, or the way large values are cut into
 * chunks must fail here, and then needs a new format version, not a new pinned value.
 */
class FormatStabilityTest {

  @Example
  void theRootOfAFixedTreeNeverChanges() {
    assertThat(rootOf(TreeConfig.DEFAULT, 20_000, 0))
        .isEqualTo("8d4afd2bc90ba05f3cf3d2841cbe16d099bf43613258d0f663d04b094fdcb17a");
    assertThat(rootOf(TreeFixture.SMALL, 5_000, 0))
        .isEqualTo("4cb43d6cb9e2e3d98b171a9342a5b249425ad196f4b00727ebf63b887cab09ef");
  }

  @Example
  void theRootOfAFixedTreeWithLargeValuesNeverChanges() {
    assertThat(rootOf(TreeConfig.DEFAULT, 2_000, 100))
        .isEqualTo("e44982f0f44aca47f6783134d4705797106e0b8804f6f4eefaeef4cc5c578249");
  }

  /**
   * Builds a tree of {@code size} entries whose every {@code largeEvery}-th value is a large
   * one from {@link Random} (whose sequence its Javadoc fixes), up to 1 MiB, or none if 0.
   */
  private static String rootOf(TreeConfig config, int size, int largeEvery) {
    NavigableMap<byte[], byte[]> entries = TreeFixture.newModel();
    Random random = new Random(1);
    for (int i = 0; i < size; i++) {
      byte[] value = ("value-" + i * 7).getBytes();
      if (largeEvery > 0 && i % largeEvery == 0) {
        value = new byte[config.maxInlineValueSize() + 1 + random.nextInt(1024 * 1024)];
        random.nextBytes(value);
      }
      entries.put(String.format("key-%06d", i).getBytes(), value);
    }
    try (TreeFixture fixture = new TreeFixture()) {
      Tree tree = fixture.build(config, entries);
      assertThat(TreeShape.of(fixture, tree).height()).isGreaterThanOrEqualTo(largeEvery > 0 ? 2 : 3);
      return tree.root().toHex();
    }
  }
}

package io.prolly.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.NavigableMap;
import net.jqwik.api.Example;

/**
 * Root hashes of fixed trees, pinned. Stored trees, deduplication and sync between stores all
 * rely on the same entries giving the same root in every version of Prolly: a change to the node
 * format, the key hash, the salts or the threshold arithmetic must fail here, and then needs a
 * new format version, not a new pinned value.
 */
class FormatStabilityTest {

  @Example
  void theRootOfAFixedTreeNeverChanges() {
    assertThat(rootOf(TreeConfig.DEFAULT, 20_000))
        .isEqualTo("2542402d0abef8079a71a59816a22afce5d0f1511e94c72378273a27ccc77e88");
    assertThat(rootOf(TreeFixture.SMALL, 5_000))
        .isEqualTo("147e789d750438fb5e09a4acbdcf742a68a55afa6280702eee59705ce010aa09");
  }

  private static String rootOf(TreeConfig config, int size) {
    NavigableMap<byte[], byte[]> entries = TreeFixture.newModel();
    for (int i = 0; i < size; i++) {
      entries.put(String.format("key-%06d", i).getBytes(), ("value-" + i * 7).getBytes());
    }
    try (TreeFixture fixture = new TreeFixture()) {
      Tree tree = fixture.build(config, entries);
      assertThat(TreeShape.of(fixture, tree).height()).isGreaterThanOrEqualTo(3);
      return tree.root().toHex();
    }
  }
}

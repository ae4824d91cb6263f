package io.prolly.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.NavigableMap;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.Reporter;

/** A batch edit rewrites only the paths it touches: the new nodes it stores are few. */
class TreeEditCostTest {

  @Example
  void oneEditInALargeTreeStoresAboutOneNodePerLevel(Reporter reporter) {
    NavigableMap<byte[], byte[]> model = TreeFixture.newModel();
    for (int i = 0; i < 100_000; i++) {
      model.put(String.format("user/%08d", i).getBytes(), String.format("value-%d", i).getBytes());
    }
    try (TreeFixture fixture = new TreeFixture()) {
      Tree tree = fixture.build(TreeConfig.DEFAULT, model);
      int height = TreeShape.of(fixture, tree).height();
      Random random = new Random(3);
      for (int round = 0; round < 20; round++) {
        byte[] key = String.format("user/%08d", random.nextInt(110_000)).getBytes();
        Edits edit = round % 2 == 0 ? new Edits().put(key, "new".getBytes()) : new Edits().delete(key);
        long before = fixture.store.stats().nodeCount();
        tree = fixture.apply(tree, edit);
        long stored = fixture.store.stats().nodeCount() - before;
        // A boundary that moves can split or join a node, so a level may get two new nodes.
        assertThat(stored).as("new nodes for one edit in a tree of height %d", height)
            .isLessThanOrEqualTo(2L * height);
      }
      reporter.publishValue("height of a 100000-entry tree", Integer.toString(height));
    }
  }
}

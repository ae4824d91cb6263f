package io.prolly.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.Reporter;

/** The sizes of the nodes a realistic tree is cut into, with Dolt's default rules. */
class TreeShapeTest {

  @Example
  void realisticEntriesGiveLeavesNearTheTargetSize(Reporter reporter) {
    Random random = new Random(11);
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      byte[] value = new byte[20 + random.nextInt(80)];
      random.nextBytes(value);
      entries.add(new Entry(String.format("user/%08d", i * 7).getBytes(), value));
    }
    try (TreeFixture fixture = new TreeFixture()) {
      Tree tree = fixture.build(TreeConfig.DEFAULT, entries.iterator());
      TreeShape shape = TreeShape.of(fixture, tree);
      shape.checkNodeSizes(TreeConfig.DEFAULT);
      double averageLeaf = shape.averageLeafBytes();
      reporter.publishValue("tree of 100000 entries of 13-byte keys and 20-99-byte values", shape.toString());
      reporter.publishValue("average leaf size in bytes", String.format("%.0f", averageLeaf));
      reporter.publishValue("average entries per leaf", String.format("%.1f",
          100_000.0 / shape.levels.get(0).size()));
      // Weibull(K = 4, L = 4096) has mean 3713 chunked bytes; the encoding adds 4 offset bytes an entry.
      assertThat(averageLeaf).isBetween(3500.0, 4600.0);
      assertThat(shape.height()).isGreaterThanOrEqualTo(3);
    }
  }
}

package io.prolly.tck;

import io.prolly.spi.Hash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Small fixed pools of nodes and ref names. Drawing from a pool makes random action sequences
 * hit the same node or ref again, which is where the interesting cases are.
 */
final class Pools {

  /** Node sizes from empty to several KiB. */
  static final List<byte[]> NODES;

  static final List<Hash> NODE_IDS;

  /** Ref names from the ASCII branch style to multi-byte and supplementary characters. */
  static final List<String> REF_NAMES = List.of(
      "heads/main", "heads/feature/x", "tags/v1.0", "heads/über", "tags/\u96ea/\uD83D\uDE00", "h", "other ref");

  static {
    Random random = new Random(20261123);
    List<byte[]> nodes = new ArrayList<>();
    int[] sizes = {0, 1, 2, 3, 31, 32, 33, 100, 255, 256, 1000, 4096, 4097, 9000, 17, 64};
    for (int size : sizes) {
      byte[] node = new byte[size];
      random.nextBytes(node);
      nodes.add(node);
    }
    // Two nodes whose bytes differ only in the last position: a store must not confuse them.
    nodes.add("almost the same node A".getBytes(StandardCharsets.UTF_8));
    nodes.add("almost the same node B".getBytes(StandardCharsets.UTF_8));
    NODES = Collections.unmodifiableList(nodes);
    List<Hash> ids = new ArrayList<>();
    for (byte[] node : NODES) {
      ids.add(Hash.of(node));
    }
    NODE_IDS = Collections.unmodifiableList(ids);
  }

  private Pools() {}

  static Arbitrary<Integer> nodeIndex() {
    return Arbitraries.integers().between(0, NODES.size() - 1);
  }

  static Arbitrary<String> refName() {
    return Arbitraries.of(REF_NAMES);
  }

  /** A ref value: a pool id, or null for "absent". */
  static Arbitrary<Hash> refValue() {
    return Arbitraries.of(NODE_IDS).injectNull(0.2);
  }
}

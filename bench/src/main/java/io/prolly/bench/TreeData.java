package io.prolly.bench;

import io.prolly.tree.Entry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The entries of the tree benchmarks, made once per trial outside the measured code: random
 * 16-byte keys in increasing unsigned order, each with a random 100-byte value. Deterministic for
 * a seed, so every benchmark of a run works on the same data.
 */
final class TreeData {

  static final int ENTRIES = 1_000_000;
  static final int KEY_SIZE = 16;
  static final int VALUE_SIZE = 100;

  private final List<Entry> entries;

  private TreeData(List<Entry> entries) {
    this.entries = entries;
  }

  /**
   * Makes {@code count} entries. Key {@code i} starts with a random long drawn from the
   * {@code i}-th of {@code count} equal slices of the non-negative longs, so the keys come out
   * sorted and distinct without a sort, and look random to the chunker.
   */
  static TreeData generate(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long slice = Long.MAX_VALUE / count;
    List<Entry> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] key = ByteBuffer.allocate(KEY_SIZE)
          .putLong(i * slice + random.nextLong(slice))
          .putLong(random.nextLong())
          .array();
      entries.add(new Entry(key, randomValue(random)));
    }
    return new TreeData(Collections.unmodifiableList(entries));
  }

  /** The entries in increasing key order; the arrays are shared and must not be changed. */
  List<Entry> entries() {
    return entries;
  }

  int size() {
    return entries.size();
  }

  byte[] key(int index) {
    return entries.get(index).key();
  }

  /** Returns {@code count} distinct entry positions, in random order. */
  int[] distinctPositions(int count, SplittableRandom random) {
    return random.ints(0, size()).distinct().limit(count).toArray();
  }

  /** Returns a fresh random value of the benchmark's value size. */
  static byte[] randomValue(SplittableRandom random) {
    byte[] value = new byte[VALUE_SIZE];
    random.nextBytes(value);
    return value;
  }
}

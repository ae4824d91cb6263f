package io.prolly.bench;

import io.prolly.tree.Edits;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The data of the merge benchmarks: a base of {@code size} keys {@code k0000000000},
 * {@code k0000000001}, … with 100-byte values, and two sides that each change {@code changes}
 * keys of it, never the same key, so that a merge has no conflict.
 *
 * <p>The changes come in runs of {@value #RUN} keys, spread evenly over the key space, so that
 * half of each side's changes fall in key ranges the other side changes too and half in ranges
 * only that side changes. A shared range holds {@code 2 × RUN} consecutive keys, of which ours
 * changes the even ones and theirs the odd ones: the same leaves changed on both sides. An own
 * range holds {@value #RUN} consecutive keys changed by one side only. The ranges go shared,
 * ours, theirs, shared, … from the start of the key space, one every {@code size / ranges} keys.
 */
final class MergeData {

  static final int RUN = 100;
  static final int VALUE_SIZE = 100;

  final int size;
  final int changes;
  private final int ranges;
  private final int spacing;

  MergeData(int size, int changes) {
    if (changes % (2 * RUN) != 0) {
      throw new IllegalArgumentException("changes must be a multiple of " + 2 * RUN + ", got " + changes);
    }
    this.size = size;
    this.changes = changes;
    this.ranges = 3 * changes / (2 * RUN);
    this.spacing = size / ranges;
    if (spacing < 2 * RUN) {
      throw new IllegalArgumentException(changes + " changes in runs of " + RUN + " do not fit in " + size + " keys");
    }
  }

  static byte[] key(int index) {
    return String.format("k%010d", index).getBytes(StandardCharsets.US_ASCII);
  }

  /** The value of a key in a round: 0 for the base, 1 for ours, 2 for theirs; random-looking, the same every time. */
  static byte[] value(int index, int round) {
    byte[] value = new byte[VALUE_SIZE];
    new SplittableRandom(index * 3L + round).nextBytes(value);
    return value;
  }

  /** The changed key positions of a side: {@code ours} true for ours, false for theirs, in increasing order. */
  int[] changedPositions(boolean ours) {
    int[] positions = new int[changes];
    int count = 0;
    for (int range = 0; range < ranges; range++) {
      int start = range * spacing;
      switch (range % 3) {
        case 0 -> {
          for (int i = 0; i < RUN; i++) {
            positions[count++] = start + 2 * i + (ours ? 0 : 1);
          }
        }
        case 1 -> count = own(ours, positions, count, start);
        default -> count = own(!ours, positions, count, start);
      }
    }
    if (count != changes) {
      throw new IllegalStateException("made " + count + " changes instead of " + changes);
    }
    return positions;
  }

  private static int own(boolean mine, int[] positions, int count, int start) {
    if (mine) {
      for (int i = 0; i < RUN; i++) {
        positions[count++] = start + i;
      }
    }
    return count;
  }

  /** The edits of a side: every changed key to its value of that side's round. */
  Edits edits(boolean ours) {
    Edits edits = new Edits();
    for (int position : changedPositions(ours)) {
      edits.put(key(position), value(position, ours ? 1 : 2));
    }
    return edits;
  }
}

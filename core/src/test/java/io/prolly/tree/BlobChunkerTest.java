package io.prolly.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Reporter;
import net.jqwik.api.constraints.IntRange;

class BlobChunkerTest {

  @Property(tries = 30)
  void chunksCoverTheValueAndStayWithinTheSizeLimits(@ForAll @IntRange(min = 1, max = 400_000) int length,
      @ForAll @IntRange(min = 0, max = 3) int runs, @ForAll long seed) {
    byte[] value = randomBytes(length, seed);
    Random random = new Random(seed);
    for (int i = 0; i < runs; i++) {
      // Runs of one byte, where the rolling hash never finds a cut.
      int start = random.nextInt(length);
      Arrays.fill(value, start, Math.min(length, start + random.nextInt(200_000)), (byte) 7);
    }
    List<Integer> ends = ends(value);
    assertThat(ends.get(ends.size() - 1)).isEqualTo(length);
    int start = 0;
    for (int i = 0; i < ends.size(); i++) {
      int size = ends.get(i) - start;
      assertThat(size).isBetween(1, BlobChunker.MAX_SIZE);
      if (i < ends.size() - 1) {
        assertThat(size).isGreaterThan(BlobChunker.MIN_SIZE);
      }
      start = ends.get(i);
    }
  }

  @Example
  void aRunOfOneByteIsCutAtTheMaximumSize() {
    byte[] zeros = new byte[5 * BlobChunker.MAX_SIZE / 2];
    assertThat(ends(zeros)).containsExactly(BlobChunker.MAX_SIZE, 2 * BlobChunker.MAX_SIZE, zeros.length);
  }

  @Example
  void chunkSizesOfRandomBytesStayNearTheNormalSize(Reporter reporter) {
    byte[] value = randomBytes(16 * 1024 * 1024, 11);
    List<Integer> ends = ends(value);
    double average = (double) value.length / ends.size();
    reporter.publishValue("average chunk of 16 MiB of random bytes", Math.round(average) + " bytes, "
        + ends.size() + " chunks");
    assertThat(average).isBetween(0.8 * BlobChunker.NORMAL_SIZE, 1.4 * BlobChunker.NORMAL_SIZE);
  }

  @Property(tries = 40)
  void anEditChangesOnlyTheChunksAroundIt(@ForAll @IntRange(min = 0, max = 999_999) int at,
      @ForAll @IntRange(min = 0, max = 100) int removed, @ForAll @IntRange(min = 0, max = 100) int inserted,
      @ForAll long seed) {
    byte[] before = randomBytes(1_000_000, seed);
    int end = Math.min(before.length, at + removed);
    byte[] insert = randomBytes(inserted, ~seed);
    byte[] after = new byte[before.length - (end - at) + inserted];
    System.arraycopy(before, 0, after, 0, at);
    System.arraycopy(insert, 0, after, at, inserted);
    System.arraycopy(before, end, after, at + inserted, before.length - end);

    Set<String> old = new HashSet<>(chunks(before));
    List<String> changed = chunks(after).stream().filter(chunk -> !old.contains(chunk)).toList();
    // The chunk with the edit, and rarely the next ones until a cut falls where it fell before.
    assertThat(changed).hasSizeLessThanOrEqualTo(3);
  }

  @Example
  void theCutPointsNeverChangeBecauseEveryRootWithLargeValuesDependsOnThem() {
    assertThat(ends(randomBytes(200_000, 7))).containsExactly(GOLDEN_ENDS);
  }

  private static final Integer[] GOLDEN_ENDS = {
      18511, 36056, 55552, 76330, 96404, 121484, 142639, 147498, 165697, 181281, 195918, 200000};

  static List<Integer> ends(byte[] value) {
    List<Integer> ends = new ArrayList<>();
    for (int start = 0; start < value.length; start = ends.get(ends.size() - 1)) {
      ends.add(BlobChunker.chunkEnd(value, start));
    }
    return ends;
  }

  private static List<String> chunks(byte[] value) {
    List<String> chunks = new ArrayList<>();
    int start = 0;
    for (int end : ends(value)) {
      chunks.add(Arrays.toString(Arrays.copyOfRange(value, start, end)));
      start = end;
    }
    return chunks;
  }

  static byte[] randomBytes(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}

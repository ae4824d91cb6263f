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

  @Example
  void anEditAtTheEndOfAValueMovesOnlyTheLastCuts() {
    anEditChangesOnlyTheChunksFromItUntilACutFallsWhereItFellBefore(999_998, 96, 0, 20_815);
    anEditChangesOnlyTheChunksFromItUntilACutFallsWhereItFellBefore(999_900, 100, 0, 0);
    anEditChangesOnlyTheChunksFromItUntilACutFallsWhereItFellBefore(990_000, 0, 100, 1);
  }

  @Property(tries = 40)
  void anEditChangesOnlyTheChunksFromItUntilACutFallsWhereItFellBefore(
      @ForAll @IntRange(min = 0, max = 999_999) int at, @ForAll @IntRange(min = 0, max = 100) int removed,
      @ForAll @IntRange(min = 0, max = 100) int inserted, @ForAll long seed) {
    byte[] before = randomBytes(1_000_000, seed);
    byte[] after = edit(before, at, removed, randomBytes(inserted, ~seed));
    int shift = after.length - before.length;
    List<Integer> old = ends(before);
    List<Integer> now = ends(after);

    // A cut depends only on the bytes of its chunk, so every cut up to the edit stays; except in
    // the value's last MAX_SIZE bytes, where the value's end also bounds a chunk.
    int unbounded = Math.min(at, Math.min(before.length, after.length) - BlobChunker.MAX_SIZE);
    assertThat(now.stream().filter(end -> end <= unbounded).toList())
        .isEqualTo(old.stream().filter(end -> end <= unbounded).toList());
    // A cut depends only on the bytes since the previous cut, so from the first cut past the edit
    // that falls where one fell before, all later cuts fall where they fell before.
    int editEnd = at + inserted;
    int resync = 0;
    while (resync < now.size() && !(now.get(resync) >= editEnd && old.contains(now.get(resync) - shift))) {
      resync++;
    }
    // The last cut, the value's end, always falls where it fell before.
    assertThat(resync).isLessThan(now.size());
    int firstKept = now.get(resync) - shift;
    List<Integer> keptTail = old.stream().filter(end -> end >= firstKept).map(end -> end + shift).toList();
    assertThat(now.subList(resync, now.size())).isEqualTo(keptTail);
  }

  @Example
  void anEditChangesAboutOneChunkOnAverage(Reporter reporter) {
    // How far a change spreads is a matter of chance (a cut moved by the edit can move the next
    // one), so it is measured over many edits with fixed seeds rather than bounded for each.
    Random random = new Random(3);
    byte[] before = randomBytes(1_000_000, 3);
    Set<String> old = new HashSet<>(chunks(before));
    int edits = 200;
    long changed = 0;
    for (int i = 0; i < edits; i++) {
      byte[] after = edit(before, random.nextInt(before.length), random.nextInt(101),
          randomBytes(random.nextInt(101), random.nextLong()));
      changed += chunks(after).stream().filter(chunk -> !old.contains(chunk)).count();
    }
    double average = (double) changed / edits;
    reporter.publishValue("new chunks per edit of up to 100 bytes in 1 MB", String.valueOf(average));
    assertThat(average).isBetween(1.0, 2.0);
  }

  private static byte[] edit(byte[] before, int at, int removed, byte[] insert) {
    int end = Math.min(before.length, at + removed);
    byte[] after = new byte[before.length - (end - at) + insert.length];
    System.arraycopy(before, 0, after, 0, at);
    System.arraycopy(insert, 0, after, at, insert.length);
    System.arraycopy(before, end, after, at + insert.length, before.length - end);
    return after;
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

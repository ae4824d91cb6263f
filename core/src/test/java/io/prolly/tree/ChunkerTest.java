package io.prolly.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class ChunkerTest {

  private static final TreeConfig CONFIG = TreeConfig.DEFAULT;

  @Property(tries = 50)
  void noBoundaryBeforeTheMinimumSize(@ForAll @Size(min = 1, max = 200) List<@Size(max = 40) byte[]> keys) {
    Chunker chunker = new Chunker(CONFIG, 0);
    int size = 0;
    for (byte[] key : keys) {
      size += key.length + 1;
      boolean boundary = chunker.append(key, key.length + 1);
      if (size < CONFIG.minNodeSize()) {
        assertThat(boundary).isFalse();
      }
      if (boundary) {
        size = 0;
      }
    }
  }

  @Property(tries = 50)
  void aBoundaryIsForcedOnceANodeExceedsTheMaximum(@ForAll @IntRange(min = 0, max = 7) int level,
      @ForAll("entrySizes") List<Integer> sizes) {
    Chunker chunker = new Chunker(CONFIG, level);
    int size = 0;
    for (int i = 0; i < sizes.size(); i++) {
      size += sizes.get(i);
      boolean boundary = chunker.append(("k" + i).getBytes(StandardCharsets.UTF_8), sizes.get(i));
      if (size > CONFIG.maxNodeSize()) {
        assertThat(boundary).as("boundary once the node holds %d bytes", size).isTrue();
      }
      if (boundary) {
        assertThat(chunker.size()).isZero();
        size = 0;
      }
      assertThat(chunker.size()).isEqualTo(size);
    }
  }

  @Provide
  Arbitrary<List<Integer>> entrySizes() {
    return Arbitraries.integers().between(0, 3000).list().ofMaxSize(100);
  }

  @Example
  void nodeSizesFollowTheTargetOnRandomKeys() {
    Random random = new Random(42);
    Chunker chunker = new Chunker(CONFIG, 0);
    List<Integer> nodeSizes = new ArrayList<>();
    int size = 0;
    for (int i = 0; i < 200_000; i++) {
      byte[] key = new byte[16];
      random.nextBytes(key);
      size += 16 + 24;
      if (chunker.append(key, 16 + 24)) {
        nodeSizes.add(size);
        size = 0;
      }
    }
    double average = nodeSizes.stream().mapToInt(Integer::intValue).average().orElseThrow();
    // The Weibull distribution with K = 4 and L = 4096 has mean L * Gamma(1.25) = 3713 bytes.
    assertThat(average).isBetween(3400.0, 4000.0);
    assertThat(nodeSizes).allSatisfy(s -> assertThat(s).isBetween(CONFIG.minNodeSize(), CONFIG.maxNodeSize() + 40));
  }

  @Example
  void eachLevelHasItsOwnSalt() {
    assertThat(Chunker.saltOf(0)).isNotEqualTo(Chunker.saltOf(1));
    byte[] key = "some key".getBytes(StandardCharsets.UTF_8);
    assertThat(Chunker.keyHash(key, Chunker.saltOf(0))).isNotEqualTo(Chunker.keyHash(key, Chunker.saltOf(1)));
  }

  @Example
  void theKeyHashNeverChangesBecauseEveryRootHashDependsOnIt() {
    assertThat(Chunker.keyHash(new byte[0], Chunker.saltOf(0))).isEqualTo(GOLDEN_EMPTY);
    assertThat(Chunker.keyHash("hello, prolly".getBytes(StandardCharsets.UTF_8), Chunker.saltOf(3)))
        .isEqualTo(GOLDEN_HELLO);
  }

  @Property(tries = 100)
  void theKeyHashSeesEveryByte(@ForAll @Size(min = 1, max = 40) byte[] key, @ForAll @IntRange(max = 39) int at) {
    byte[] changed = key.clone();
    changed[at % key.length] ^= 1;
    assertThat(Chunker.keyHash(changed, 7)).isNotEqualTo(Chunker.keyHash(key, 7));
  }

  private static final long GOLDEN_EMPTY = -7134445451707869212L;
  private static final long GOLDEN_HELLO = 4686363522725161842L;
}

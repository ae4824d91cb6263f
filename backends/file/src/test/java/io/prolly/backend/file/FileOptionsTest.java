package io.prolly.backend.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.error.CorruptNodeException;
import io.prolly.spi.Durability;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.StoreOption;
import io.prolly.spi.StoreStats;
import io.prolly.spi.WriteTransaction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The backend's options, their defaults and their rejection of bad values; and its figures. */
class FileOptionsTest {

  private static final byte[] BIG = "0123456789abcdef".repeat(8192).getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path directory;

  @Test
  void theProviderDeclaresItsOptionsWithDefaults() {
    assertThat(new FileBackendProvider().options()).extracting(StoreOption::name)
        .containsExactly("cacheSize", "compress", "autoCompactFillRate");
    StoreConfig plain = config("");
    assertThat(FileSettings.of(plain))
        .isEqualTo(new FileSettings(16, false, 90, true, Durability.IMMEDIATE, FileSettings.DEFAULT_RETENTION_MILLIS));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "cacheSize=lots", "cacheSize=-1", "cacheSize=9999999t", "compress=yes", "verifyNodes=1",
    "autoCompactFillRate=101", "autoCompactFillRate=-5", "autoCompactFillRate=half"
  })
  void badValuesAreRejectedNamingTheOption(String option) {
    String name = option.substring(0, option.indexOf('='));
    assertThatThrownBy(() -> new FileBackendProvider().open(config("?" + option)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(name);
    assertThat(directory.resolve("store.prolly")).as("nothing is created for a rejected configuration")
        .doesNotExist();
  }

  @Test
  void cacheSizeIsRoundedUpToWholeMebibytesAndZeroTurnsTheCacheOff() {
    assertThat(FileSettings.of(config("?cacheSize=1500k")).cacheMiB()).isEqualTo(2);
    try (NodeStore store = new FileBackendProvider().open(config("?cacheSize=0"))) {
      Hash id = commit(store, BIG);
      try (ReadTransaction tx = store.beginRead()) {
        assertThat(tx.get(id)).isEqualTo(BIG);
      }
      assertThat(store.stats().figures()).containsEntry("cacheSizeBytes", 0L);
    }
  }

  @Test
  void compressedStoresAreSmallerAndReadableWithoutTheOption() throws Exception {
    Hash id;
    try (NodeStore store = new FileBackendProvider().open(config("?compress=true"))) {
      id = commit(store, BIG);
    }
    long compressed = Files.size(directory.resolve("store.prolly"));
    try (NodeStore store = new FileBackendProvider().open(config("")); ReadTransaction tx = store.beginRead()) {
      assertThat(tx.get(id)).as("a compressed node read by a store opened without compression").isEqualTo(BIG);
    }
    Path plainDirectory = Files.createDirectory(directory.resolve("plain"));
    try (NodeStore store = new FileBackendProvider().open(
        StoreConfig.parse("file:" + plainDirectory.resolve("store.prolly")))) {
      commit(store, BIG);
    }
    assertThat(compressed).as("size of the compressed file")
        .isLessThan(Files.size(plainDirectory.resolve("store.prolly")));
  }

  @Test
  void verifyNodesReportsANodeStoredUnderAnotherHash() {
    Hash wrongId = Hash.of("something else".getBytes(StandardCharsets.UTF_8));
    try (NodeStore store = new FileBackendProvider().open(config(""))) {
      putUnder(store, wrongId, BIG);
      try (ReadTransaction tx = store.beginRead()) {
        assertThatThrownBy(() -> tx.get(wrongId))
            .isInstanceOf(CorruptNodeException.class)
            .hasMessageContaining(wrongId.toShortHex())
            .satisfies(e -> assertThat(((CorruptNodeException) e).id()).isEqualTo(wrongId));
        assertThat(tx.contains(wrongId)).as("contains() does not read the bytes").isTrue();
      }
    }
  }

  @Test
  void withoutVerifyNodesBytesComeBackAsStored() {
    Hash wrongId = Hash.of("something else".getBytes(StandardCharsets.UTF_8));
    try (NodeStore store = new FileBackendProvider().open(config("?verifyNodes=false"))) {
      putUnder(store, wrongId, BIG);
      try (ReadTransaction tx = store.beginRead()) {
        assertThat(tx.get(wrongId)).isEqualTo(BIG);
      }
    }
  }

  @Test
  void statsAreExactAndIncludeMvStoreFigures() throws Exception {
    try (NodeStore store = new FileBackendProvider().open(config("?autoCompactFillRate=0"))) {
      Hash big = commit(store, BIG);
      byte[] small = "small".getBytes(StandardCharsets.UTF_8);
      commit(store, small);
      try (WriteTransaction tx = store.beginWrite()) {
        tx.setRef("heads/main", null, big);
        tx.delete(big);
        tx.commit();
      }
      StoreStats stats = store.stats();
      assertThat(stats.nodeCount()).isEqualTo(1);
      assertThat(stats.nodeBytes()).isEqualTo(small.length);
      assertThat(stats.refCount()).isEqualTo(1);
      assertThat(stats.storageBytes()).isEqualTo(Files.size(directory.resolve("store.prolly")));
      assertThat(stats.figures()).containsKeys("commits", "fillRate", "chunksFillRate", "chunkCount",
          "cacheSizeBytes", "cacheUsedBytes", "cacheHitRatio", "fileReads", "fileWrites", "version");
      assertThat(stats.figures().get("commits")).isEqualTo(3);
      assertThat(stats.figures().get("chunkCount")).isPositive();
    }
  }

  private StoreConfig config(String query) {
    return StoreConfig.parse("file:" + directory.resolve("store.prolly") + query);
  }

  private static Hash commit(NodeStore store, byte[] node) {
    Hash id = Hash.of(node);
    putUnder(store, id, node);
    return id;
  }

  private static void putUnder(NodeStore store, Hash id, byte[] node) {
    try (WriteTransaction tx = store.beginWrite()) {
      tx.put(id, Arrays.copyOf(node, node.length));
      tx.commit();
    }
  }
}

package io.prolly.backend.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.spi.Durability;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.StoreStats;
import io.prolly.spi.WriteTransaction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Exact totals, kept with the data, at every durability level and with every compression. */
class RocksDbStatsTest {

  @TempDir
  Path directory;

  static Stream<Arguments> settings() {
    Stream<Arguments> durabilities = Stream.of(Durability.values()).map(d -> Arguments.of(d, RocksDbCompression.LZ4));
    Stream<Arguments> compressions = Stream.of(RocksDbCompression.values())
        .map(c -> Arguments.of(Durability.IMMEDIATE, c));
    return Stream.concat(durabilities, compressions);
  }

  @ParameterizedTest
  @MethodSource("settings")
  void totalsAreExactAndSurviveReopen(Durability durability, RocksDbCompression compression) {
    StoreConfig config = StoreConfig.builder("rocksdb").location(directory).durability(durability)
        .option(RocksDbBackendProvider.COMPRESSION, compression).build();
    byte[] a = bytes("a");
    byte[] bb = bytes("bb");
    byte[] ccc = bytes("ccc");
    try (NodeStore store = new RocksDbBackendProvider().open(config)) {
      try (WriteTransaction tx = store.beginWrite()) {
        tx.put(Hash.of(a), a);
        tx.put(Hash.of(bb), bb);
        tx.setRef("heads/main", null, Hash.of(a));
        tx.setRef("heads/gone", null, Hash.of(a));
        tx.commit();
      }
      try (WriteTransaction tx = store.beginWrite()) {
        tx.put(Hash.of(a), a); // already there: counts once
        tx.put(Hash.of(ccc), ccc);
        tx.delete(Hash.of(bb));
        tx.delete(Hash.of(bytes("never stored")));
        tx.setRef("tags/v1", null, Hash.of(ccc));
        tx.setRef("heads/main", Hash.of(a), Hash.of(ccc)); // moved: still one ref
        tx.setRef("heads/gone", Hash.of(a), null);
        tx.commit();
      }
      assertTotals(store.stats());
    }
    try (NodeStore store = new RocksDbBackendProvider().open(config)) {
      assertTotals(store.stats());
      try (ReadTransaction tx = store.beginRead()) {
        assertThat(tx.get(Hash.of(ccc))).isEqualTo(ccc);
        assertThat(tx.refs("")).containsOnlyKeys("heads/main", "tags/v1");
      }
    }
  }

  private static void assertTotals(StoreStats stats) {
    assertThat(stats.nodeCount()).as("nodes a and ccc").isEqualTo(2);
    assertThat(stats.nodeBytes()).as("1 + 3 bytes").isEqualTo(4);
    assertThat(stats.refCount()).as("heads/main and tags/v1").isEqualTo(2);
    assertThat(stats.storageBytes()).as("bytes of the database's files").isPositive();
    assertThat(stats.figures()).containsKeys("sstFilesBytes", "memTableBytes", "blockCacheBytes", "openSnapshots");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

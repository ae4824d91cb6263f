package io.prolly.backend.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.spi.Durability;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.StoreStats;
import io.prolly.spi.WriteTransaction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Exact totals, kept with the data, at every durability level. */
class LmdbStatsTest {

  @TempDir
  Path directory;

  @ParameterizedTest
  @EnumSource(Durability.class)
  void totalsAreExactAndSurviveReopen(Durability durability) {
    StoreConfig config = StoreConfig.builder("lmdb").location(directory).durability(durability).build();
    byte[] a = bytes("a");
    byte[] bb = bytes("bb");
    byte[] ccc = bytes("ccc");
    try (NodeStore store = new LmdbBackendProvider().open(config)) {
      try (WriteTransaction tx = store.beginWrite()) {
        tx.put(Hash.of(a), a);
        tx.put(Hash.of(bb), bb);
        tx.setRef("heads/main", null, Hash.of(a));
        tx.commit();
      }
      try (WriteTransaction tx = store.beginWrite()) {
        tx.put(Hash.of(a), a); // already there: counts once
        tx.put(Hash.of(ccc), ccc);
        tx.delete(Hash.of(bb));
        tx.delete(Hash.of(bytes("never stored")));
        tx.setRef("tags/v1", null, Hash.of(ccc));
        tx.commit();
      }
      assertTotals(store.stats());
    }
    try (NodeStore store = new LmdbBackendProvider().open(config)) {
      assertTotals(store.stats());
    }
  }

  private static void assertTotals(StoreStats stats) {
    assertThat(stats.nodeCount()).as("nodes a and ccc").isEqualTo(2);
    assertThat(stats.nodeBytes()).as("1 + 3 bytes").isEqualTo(4);
    assertThat(stats.refCount()).isEqualTo(2);
    assertThat(stats.storageBytes()).as("bytes of data.mdb and lock.mdb").isPositive();
    assertThat(stats.figures()).containsKeys("mapSize", "mapUsedBytes", "pageSize", "mapGrowths", "maxReaders");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

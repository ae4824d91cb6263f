package io.prolly.backend.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.WriteTransaction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every value of the {@code compression} option writes tables that read back: the native
 * library has each codec, and a store closed (which flushes its memtables to tables) reopens
 * with its nodes, refs and totals. The location contract runs with the default, LZ4.
 */
class RocksDbCompressionTest {

  @TempDir
  Path directory;

  @ParameterizedTest
  @EnumSource(RocksDbCompression.class)
  void tablesWrittenWithEachCompressionReadBack(RocksDbCompression compression) {
    StoreConfig config = StoreConfig.builder("rocksdb").location(directory)
        .option(RocksDbBackendProvider.COMPRESSION, compression).build();
    byte[] node = "node ".repeat(1000).getBytes(StandardCharsets.UTF_8);
    try (NodeStore store = new RocksDbBackendProvider().open(config); WriteTransaction tx = store.beginWrite()) {
      tx.put(Hash.of(node), node);
      tx.setRef("heads/main", null, Hash.of(node));
      tx.commit();
    }
    try (NodeStore store = new RocksDbBackendProvider().open(config); ReadTransaction tx = store.beginRead()) {
      assertThat(tx.get(Hash.of(node))).isEqualTo(node);
      assertThat(tx.ref("heads/main")).isEqualTo(Hash.of(node));
      assertThat(store.stats().nodeBytes()).isEqualTo(node.length);
      assertThat(store.stats().figures().get("sstFilesBytes")).as("the flushed table").isPositive();
    }
  }
}

package io.prolly.backend.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.StoreStats;
import io.prolly.spi.WriteTransaction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A map that starts tiny grows by itself: commits never fail with a full map. */
class LmdbMapGrowthTest {

  private static final int MIB = 1 << 20;

  @TempDir
  Path directory;

  private StoreConfig tinyMap() {
    return StoreConfig.builder("lmdb").location(directory).option(LmdbBackendProvider.MAP_SIZE, 64L * 1024).build();
  }

  @Test
  void commitsOfManyMebibytesGrowATinyMapAndSurviveReopen() {
    Random random = new Random(42);
    List<byte[]> nodes = new ArrayList<>();
    try (NodeStore store = new LmdbBackendProvider().open(tinyMap())) {
      for (int i = 0; i < 24; i++) {
        // Growing sizes, ending with one node of 16 MiB: each commit may need more than a doubling.
        byte[] node = new byte[i == 23 ? NodeStore.MAX_NODE_SIZE : (i + 1) * 256 * 1024];
        random.nextBytes(node);
        nodes.add(node);
        try (WriteTransaction tx = store.beginWrite()) {
          tx.put(Hash.of(node), node);
          tx.setRef("heads/main", tx.ref("heads/main"), Hash.of(node));
          tx.commit();
        }
      }
      StoreStats stats = store.stats();
      assertThat(stats.figures().get("mapGrowths")).as("map growths").isPositive();
      assertThat(stats.figures().get("mapSize")).as("map size").isGreaterThan(80L * MIB);
      assertThat(stats.nodeCount()).isEqualTo(24);
      assertThat(stats.nodeBytes()).isEqualTo(nodes.stream().mapToLong(n -> n.length).sum());
    }
    try (NodeStore store = new LmdbBackendProvider().open(tinyMap());
        ReadTransaction tx = store.beginRead()) {
      for (byte[] node : nodes) {
        assertThat(tx.get(Hash.of(node))).isEqualTo(node);
      }
      assertThat(tx.ref("heads/main")).isEqualTo(Hash.of(nodes.get(nodes.size() - 1)));
    }
  }

  /** Growing remaps the file; transactions open across it, and readers running meanwhile, still read right. */
  @Test
  void readersKeepReadingTheirSnapshotsWhileTheMapGrows() throws Exception {
    Random random = new Random(7);
    try (NodeStore store = new LmdbBackendProvider().open(tinyMap())) {
      byte[] first = new byte[100_000];
      random.nextBytes(first);
      Hash firstId = Hash.of(first);
      try (WriteTransaction tx = store.beginWrite()) {
        tx.put(firstId, first);
        tx.commit();
      }
      ReadTransaction heldOpen = store.beginRead();
      AtomicBoolean writing = new AtomicBoolean(true);
      ExecutorService readers = Executors.newFixedThreadPool(2);
      try {
        List<Future<Long>> reads = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
          reads.add(readers.submit(() -> {
            long count = 0;
            while (writing.get()) {
              try (ReadTransaction tx = store.beginRead()) {
                assertThat(tx.get(firstId)).isEqualTo(first);
                tx.forEachNode(id -> assertThat(id).isNotNull());
              }
              count++;
            }
            return count;
          }));
        }
        for (int i = 0; i < 40; i++) {
          byte[] node = new byte[512 * 1024];
          random.nextBytes(node);
          try (WriteTransaction tx = store.beginWrite()) {
            tx.put(Hash.of(node), node);
            tx.commit();
          }
        }
        writing.set(false);
        for (Future<Long> read : reads) {
          assertThat(read.get(60, TimeUnit.SECONDS)).as("reads done by a reader thread").isPositive();
        }
      } finally {
        writing.set(false);
        readers.shutdownNow();
      }
      assertThat(store.stats().figures().get("mapGrowths")).isPositive();
      assertThat(heldOpen.get(firstId)).as("a snapshot opened before the growths").isEqualTo(first);
      List<Hash> seen = new ArrayList<>();
      heldOpen.forEachNode(seen::add);
      assertThat(seen).as("the held snapshot still sees only its node").containsExactly(firstId);
      heldOpen.close();
    }
  }
}

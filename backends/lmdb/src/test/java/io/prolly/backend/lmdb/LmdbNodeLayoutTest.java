package io.prolly.backend.lmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.error.CorruptStoreException;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.StoreStats;
import io.prolly.spi.WriteTransaction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;

/**
 * Nodes a little over whole pages are stored split, their last bytes in the {@code tails} database,
 * and read back whole; stores of the former layout, every node whole, open and are upgraded.
 */
class LmdbNodeLayoutTest {

  @TempDir
  Path directory;

  private final Random random = new Random(7);

  private NodeStore open(LmdbOpenCheck check) {
    return new LmdbBackendProvider().open(StoreConfig.builder("lmdb").location(directory)
        .option(LmdbBackendProvider.CHECK_ON_OPEN, check).build());
  }

  @Test
  void nodesAroundPageBoundariesReadBackWholeAndOnlyShortRestsAreStoredApart() {
    List<byte[]> nodes = new ArrayList<>();
    long expectedTails;
    long bytes = 0;
    try (NodeStore store = open(LmdbOpenCheck.STRUCTURE)) {
      NodeLayout layout = NodeLayout.forPageSize(Math.toIntExact(figure(store.stats(), "pageSize")));
      int unit = layout.headUnit();
      int[] sizes = {1, layout.maxTail(), unit - 1, unit, unit + 1, unit + layout.maxTail(),
          unit + layout.maxTail() + 1, 2 * unit, 2 * unit + 5, 3 * unit + 100};
      // Split: unit + 1, unit + maxTail, 2 units + 5, 3 units + 100.
      expectedTails = 4;
      try (WriteTransaction tx = store.beginWrite()) {
        for (int size : sizes) {
          byte[] node = randomBytes(size);
          nodes.add(node);
          bytes += size;
          tx.put(Hash.of(node), node);
        }
        tx.commit();
      }
      assertAllRead(store, nodes);
      StoreStats stats = store.stats();
      assertThat(stats.nodeBytes()).isEqualTo(bytes);
      assertThat(figure(stats, "nodeTails")).isEqualTo(expectedTails);
    }
    try (NodeStore store = open(LmdbOpenCheck.FULL)) {
      assertAllRead(store, nodes);
      try (WriteTransaction tx = store.beginWrite()) {
        nodes.forEach(node -> tx.delete(Hash.of(node)));
        tx.commit();
      }
      StoreStats stats = store.stats();
      assertThat(stats.nodeCount()).isZero();
      assertThat(stats.nodeBytes()).isZero();
      assertThat(figure(stats, "nodeTails")).isZero();
    }
  }

  @Test
  void aNodeALittleOverOnePageTakesOneOverflowPage() {
    try (NodeStore store = open(LmdbOpenCheck.STRUCTURE)) {
      int unit = NodeLayout.forPageSize(Math.toIntExact(figure(store.stats(), "pageSize"))).headUnit();
      try (WriteTransaction tx = store.beginWrite()) {
        for (int i = 0; i < 100; i++) {
          byte[] node = randomBytes(unit + 200);
          tx.put(Hash.of(node), node);
        }
        tx.commit();
      }
      // Whole, each would take two overflow pages.
      assertThat(figure(store.stats(), "nodeOverflowPages")).isEqualTo(100);
      assertThat(figure(store.stats(), "nodeTails")).isEqualTo(100);
    }
  }

  @Test
  void aStoreOfTheFormerLayoutOpensAndIsUpgraded() {
    byte[] old = randomBytes(4200);
    try (Env<byte[]> env = Env.create(ByteArrayProxy.PROXY_BA).setMaxDbs(3).open(directory.toFile())) {
      Dbi<byte[]> nodes = env.openDbi("nodes", DbiFlags.MDB_CREATE);
      env.openDbi("refs", DbiFlags.MDB_CREATE);
      Dbi<byte[]> meta = env.openDbi("meta", DbiFlags.MDB_CREATE);
      nodes.put(Hash.of(old).toBytes(), old);
      meta.put(ascii("format"), ascii(StoreMeta.FORMAT + " " + StoreMeta.UPGRADABLE_VERSION));
      meta.put(ascii("nodeTotals"), NodeTotals.NONE.plus(old.length).encode());
    }
    byte[] added = randomBytes(4200);
    try (NodeStore store = open(LmdbOpenCheck.FULL)) {
      assertAllRead(store, List.of(old));
      try (WriteTransaction tx = store.beginWrite()) {
        tx.put(Hash.of(added), added);
        tx.commit();
      }
      assertThat(figure(store.stats(), "nodeTails")).isEqualTo(1);
    }
    try (NodeStore store = open(LmdbOpenCheck.FULL)) {
      assertAllRead(store, List.of(old, added));
      assertThat(store.stats().nodeBytes()).isEqualTo(old.length + added.length);
    }
    try (Env<byte[]> env = Env.create(ByteArrayProxy.PROXY_BA).setMaxDbs(4).open(directory.toFile())) {
      byte[] marker = env.openDbi("meta").get(env.txnRead(), ascii("format"));
      assertThat(new String(marker, StandardCharsets.US_ASCII)).isEqualTo(StoreMeta.FORMAT + " " + StoreMeta.VERSION);
    }
  }

  @Test
  void aTailWithoutItsNodeIsFoundByTheFullCheck() {
    open(LmdbOpenCheck.STRUCTURE).close();
    try (Env<byte[]> env = Env.create(ByteArrayProxy.PROXY_BA).setMaxDbs(4).open(directory.toFile())) {
      env.openDbi("tails").put(new byte[Hash.LENGTH], ascii("a stray tail"));
    }
    assertThatThrownBy(() -> open(LmdbOpenCheck.FULL)).isInstanceOf(CorruptStoreException.class)
        .hasMessageContaining("tails");
  }

  private static void assertAllRead(NodeStore store, List<byte[]> nodes) {
    try (ReadTransaction tx = store.beginRead()) {
      for (byte[] node : nodes) {
        assertThat(tx.get(Hash.of(node))).as("node of %d bytes", node.length).isEqualTo(node);
      }
    }
  }

  private static long figure(StoreStats stats, String name) {
    return stats.figures().get(name);
  }

  private byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    random.nextBytes(bytes);
    return bytes;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}

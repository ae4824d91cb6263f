package io.prolly.backend.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.WriteTransaction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * compact() replaces the data file by LMDB's compacted copy when much of it is free and no
 * transaction is open, so that the file shrinks; otherwise it leaves the file to LMDB, which reuses
 * free pages.
 */
class LmdbCompactionTest {

  @TempDir
  Path directory;

  private final Random random = new Random(11);

  private NodeStore open() {
    return new LmdbBackendProvider().open(StoreConfig.builder("lmdb").location(directory).build());
  }

  @Test
  void afterDeletesTheDataFileShrinksAndKeepsEveryNodeLeft() throws IOException {
    List<byte[]> kept;
    try (NodeStore store = open()) {
      List<byte[]> nodes = commitNodes(store, 400);
      kept = nodes.subList(0, 40);
      delete(store, nodes.subList(40, nodes.size()));
      long before = dataFileSize();
      store.compact();
      assertThat(store.stats().figures().get("compactions")).isEqualTo(1);
      assertThat(dataFileSize()).isLessThan(before / 4);
      assertRead(store, kept);
      kept = new ArrayList<>(kept);
      kept.addAll(commitNodes(store, 10));
      assertRead(store, kept);
      assertThat(directory.resolve(LmdbEnvironment.COMPACTING_DIRECTORY)).doesNotExist();
    }
    try (NodeStore store = open()) {
      assertRead(store, kept);
      assertThat(store.stats().nodeCount()).isEqualTo(kept.size());
    }
  }

  @Test
  void aTransactionOpenMeanwhileKeepsTheFileAndItsSnapshot() throws IOException {
    try (NodeStore store = open()) {
      List<byte[]> nodes = commitNodes(store, 200);
      try (ReadTransaction open = store.beginRead()) {
        delete(store, nodes.subList(20, nodes.size()));
        long before = dataFileSize();
        store.compact();
        assertThat(store.stats().figures().get("compactions")).isZero();
        assertThat(dataFileSize()).isEqualTo(before);
        for (byte[] node : nodes) {
          assertThat(open.get(Hash.of(node))).isEqualTo(node);
        }
      }
      store.compact();
      assertThat(store.stats().figures().get("compactions")).isEqualTo(1);
      assertRead(store, nodes.subList(0, 20));
    }
  }

  @Test
  void aStoreWithLittleFreeSpaceIsNotRewritten() {
    try (NodeStore store = open()) {
      List<byte[]> nodes = commitNodes(store, 200);
      store.compact();
      assertThat(store.stats().figures().get("compactions")).isZero();
      assertRead(store, nodes);
    }
  }

  @Test
  void theCopyOfACompactionCutShortIsRemovedOnOpen() throws IOException {
    List<byte[]> nodes;
    try (NodeStore store = open()) {
      nodes = commitNodes(store, 20);
    }
    Path copy = Files.createDirectory(directory.resolve(LmdbEnvironment.COMPACTING_DIRECTORY));
    Files.write(copy.resolve(LmdbEnvironment.DATA_FILE), new byte[] {1, 2, 3});
    try (NodeStore store = open()) {
      assertRead(store, nodes);
    }
    assertThat(copy).doesNotExist();
  }

  private List<byte[]> commitNodes(NodeStore store, int count) {
    List<byte[]> nodes = new ArrayList<>();
    try (WriteTransaction tx = store.beginWrite()) {
      for (int i = 0; i < count; i++) {
        byte[] node = new byte[3000 + random.nextInt(2000)];
        random.nextBytes(node);
        nodes.add(node);
        tx.put(Hash.of(node), node);
      }
      tx.commit();
    }
    return nodes;
  }

  private static void delete(NodeStore store, List<byte[]> nodes) {
    try (WriteTransaction tx = store.beginWrite()) {
      nodes.forEach(node -> tx.delete(Hash.of(node)));
      tx.commit();
    }
  }

  private static void assertRead(NodeStore store, List<byte[]> nodes) {
    try (ReadTransaction tx = store.beginRead()) {
      for (byte[] node : nodes) {
        assertThat(tx.get(Hash.of(node))).isEqualTo(node);
      }
    }
  }

  private long dataFileSize() throws IOException {
    return Files.size(directory.resolve(LmdbEnvironment.DATA_FILE));
  }
}

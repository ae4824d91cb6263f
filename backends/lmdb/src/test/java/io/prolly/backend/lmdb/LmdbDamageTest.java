package io.prolly.backend.lmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.error.CorruptNodeException;
import io.prolly.error.CorruptStoreException;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.WriteTransaction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage to the data file that the backend itself must catch, because LMDB keeps no checksums:
 * a file cut short (which LMDB would map and crash the JVM on) and damaged node bytes.
 */
class LmdbDamageTest {

  /** Where an LMDB page header keeps its flags: after the 8-byte page number and 2 bytes of padding. */
  private static final long PAGE_FLAGS_OFFSET = 10;

  @TempDir
  Path directory;

  @Test
  void aTruncatedDataFileIsRefusedBeforeLmdbReadsIt() throws IOException {
    StoreConfig config = config(true);
    writeNodes(config, 40);
    Path data = directory.resolve(LmdbEnvironment.DATA_FILE);
    try (FileChannel file = FileChannel.open(data, StandardOpenOption.WRITE)) {
      file.truncate(file.size() / 2);
    }
    assertThatThrownBy(() -> new LmdbBackendProvider().open(config)).isInstanceOf(CorruptStoreException.class)
        .hasMessageContaining("cut short")
        .satisfies(e -> assertThat(((CorruptStoreException) e).location()).isEqualTo(config.location()));
  }

  @Test
  void pagesLmdbFindsDamagedAreReportedAsCorruption() throws IOException {
    StoreConfig config = config(true);
    writeNodes(config, 40);
    long pageSize;
    try (NodeStore store = new LmdbBackendProvider().open(config)) {
      pageSize = store.stats().figures().get("pageSize");
    }
    Path data = directory.resolve(LmdbEnvironment.DATA_FILE);
    try (FileChannel file = FileChannel.open(data, StandardOpenOption.WRITE)) {
      // Clear the flags of every page but the two meta pages: LMDB then meets a page that is
      // neither branch nor leaf, and reports MDB_CORRUPTED.
      for (long page = 2; page * pageSize < file.size(); page++) {
        file.write(ByteBuffer.wrap(new byte[2]), page * pageSize + PAGE_FLAGS_OFFSET);
      }
    }
    assertThatThrownBy(() -> new LmdbBackendProvider().open(config)).isInstanceOf(CorruptStoreException.class)
        .hasMessageContaining("LMDB store '" + config.location() + "' is damaged: ")
        .satisfies(e -> assertThat(((CorruptStoreException) e).location()).isEqualTo(config.location()));
  }

  @Test
  void aPageNumberPastTheFileIsRefusedBeforeLmdbFollowsIt() throws IOException {
    StoreConfig config = config(true);
    Hash id = writeNodes(config, 40);
    // The node's key, then the number of the overflow page its bytes are on. Followed blindly,
    // a page number past the end of the file kills the JVM with SIGBUS.
    overwrite(indexOf(Files.readAllBytes(directory.resolve(LmdbEnvironment.DATA_FILE)), id.toBytes()) + Hash.LENGTH,
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array());
    assertThatThrownBy(() -> new LmdbBackendProvider().open(config)).isInstanceOf(CorruptStoreException.class)
        .hasMessageContaining("refers to page " + (1L << 40) + ", outside the pages in use")
        .satisfies(e -> assertThat(((CorruptStoreException) e).location()).isEqualTo(config.location()));
  }

  @Test
  void aDamagedRefIsReportedNotRead() throws IOException {
    StoreConfig config = config(true);
    Hash target = writeNodes(config, 1);
    try (NodeStore store = new LmdbBackendProvider().open(config); WriteTransaction tx = store.beginWrite()) {
      tx.setRef("heads/main", null, target);
      tx.commit();
    }
    byte[] file = Files.readAllBytes(directory.resolve(LmdbEnvironment.DATA_FILE));
    int value = indexOf(file, RefKey.value("heads/main", target));
    overwrite(value + 3, new byte[] {(byte) ~file[value + 3]});
    try (NodeStore store = new LmdbBackendProvider().open(config); ReadTransaction tx = store.beginRead()) {
      assertThatThrownBy(() -> tx.ref("heads/main")).isInstanceOf(CorruptStoreException.class)
          .hasMessageContaining("ref 'heads/main'");
      assertThatThrownBy(() -> tx.refs("")).isInstanceOf(CorruptStoreException.class);
    }
  }

  @Test
  void theFullCheckFindsANodeWhoseKeyWasDamaged() throws IOException {
    StoreConfig config = config(true);
    Hash id = writeNodes(config, 40);
    int key = indexOf(Files.readAllBytes(directory.resolve(LmdbEnvironment.DATA_FILE)), id.toBytes());
    // The last byte of the key: the keys stay in order, so only reading the node finds it.
    overwrite(key + Hash.LENGTH - 1, new byte[] {(byte) (id.toBytes()[Hash.LENGTH - 1] ^ 1)});
    try (NodeStore store = new LmdbBackendProvider().open(config); ReadTransaction tx = store.beginRead()) {
      assertThat(tx.contains(id)).as("with the default structure check, the node looks absent").isFalse();
    }
    StoreConfig full = config.toBuilder().option(LmdbBackendProvider.CHECK_ON_OPEN, LmdbOpenCheck.FULL).build();
    assertThatThrownBy(() -> new LmdbBackendProvider().open(full)).isInstanceOf(CorruptStoreException.class)
        .hasMessageContaining("does not hash to its key");
  }

  @Test
  void aNodeWithDamagedBytesIsReportedWithItsId() throws IOException {
    Hash id = writeNodes(config(true), 1);
    flipAByteOf(id);
    try (NodeStore store = new LmdbBackendProvider().open(config(true)); ReadTransaction tx = store.beginRead()) {
      assertThatThrownBy(() -> tx.get(id)).isInstanceOf(CorruptNodeException.class)
          .hasMessageContaining(id.toShortHex()).hasMessageContaining(directory.toString())
          .satisfies(e -> assertThat(((CorruptNodeException) e).id()).isEqualTo(id));
    }
  }

  @Test
  void withoutVerifyNodesDamagedBytesAreReturnedAsStored() throws IOException {
    Hash id = writeNodes(config(false), 1);
    flipAByteOf(id);
    try (NodeStore store = new LmdbBackendProvider().open(config(false)); ReadTransaction tx = store.beginRead()) {
      assertThat(Hash.of(tx.get(id))).isNotEqualTo(id);
    }
  }

  private StoreConfig config(boolean verifyNodes) {
    return StoreConfig.builder("lmdb").location(directory)
        .option(StoreConfig.VERIFY_NODES, verifyNodes).build();
  }

  /** Commits nodes of 10,000 random bytes, which LMDB keeps whole on overflow pages; returns the first id. */
  private static Hash writeNodes(StoreConfig config, int count) {
    Random random = new Random(7);
    Hash first = null;
    try (NodeStore store = new LmdbBackendProvider().open(config); WriteTransaction tx = store.beginWrite()) {
      for (int i = 0; i < count; i++) {
        byte[] node = new byte[10_000];
        random.nextBytes(node);
        tx.put(Hash.of(node), node);
        first = first == null ? Hash.of(node) : first;
      }
      tx.commit();
    }
    return first;
  }

  /** Flips one byte in the middle of the stored node, found by its content. */
  private void flipAByteOf(Hash id) throws IOException {
    Random random = new Random(7);
    byte[] node = new byte[10_000];
    random.nextBytes(node);
    assertThat(Hash.of(node)).isEqualTo(id);
    Path data = directory.resolve(LmdbEnvironment.DATA_FILE);
    byte[] file = Files.readAllBytes(data);
    byte[] probe = Arrays.copyOfRange(node, 5000, 5064);
    int at = indexOf(file, probe);
    assertThat(at).as("the node's bytes in %s", data).isNotNegative();
    try (FileChannel channel = FileChannel.open(data, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(new byte[] {(byte) ~file[at]}), at);
    }
  }

  private void overwrite(long at, byte[] bytes) throws IOException {
    assertThat(at).as("where to damage %s", directory).isNotNegative();
    try (FileChannel channel = FileChannel.open(directory.resolve(LmdbEnvironment.DATA_FILE), StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(bytes), at);
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }
}

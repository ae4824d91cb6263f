package io.prolly.backend.lmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prolly.error.CorruptStoreException;
import io.prolly.spi.Hash;
import io.prolly.spi.NodeStore;
import io.prolly.spi.ReadTransaction;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.WriteTransaction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code checkOnOpen=changed}, the default: an open walks the page structure unless the data file
 * is in the state the backend recorded when it last closed the store, and any change the file
 * system sees (a write by anyone, a copy, damage written into the file) makes it walk again.
 */
class LmdbOpenCheckTest {

  /** Where an LMDB page header keeps its flags: after the 8-byte page number and 2 bytes of padding. */
  private static final long PAGE_FLAGS_OFFSET = 10;

  /** A byte inside the data file of every store these tests write: in its third page of 4 KiB or more. */
  private static final long DATA_BYTE = 2 * 4096 + 100;

  @TempDir
  Path directory;

  @Test
  void aStoreUnchangedSinceItsCloseOpensWithoutWalkingItsPages() {
    List<Hash> ids = writeNodes(directory, 200);
    assertThat(pagesCheckedAtOpen(config(directory))).as("after the writing session's close").isZero();
    assertThat(pagesCheckedAtOpen(config(directory))).as("after a reading session's close").isZero();
    try (NodeStore store = new LmdbBackendProvider().open(config(directory)); ReadTransaction tx = store.beginRead()) {
      for (Hash id : ids) {
        assertThat(Hash.of(tx.get(id))).isEqualTo(id);
      }
    }
  }

  @Test
  void checkOnOpenStructureWalksAtEveryOpen() {
    writeNodes(directory, 200);
    StoreConfig structure = config(directory).toBuilder()
        .option(LmdbBackendProvider.CHECK_ON_OPEN, LmdbOpenCheck.STRUCTURE).build();
    assertThat(pagesCheckedAtOpen(structure)).isGreaterThan(3);
    assertThat(pagesCheckedAtOpen(structure)).isGreaterThan(3);
  }

  @Test
  void aWriteByAnotherProgramMakesTheNextOpenWalkEvenIfItChangesNoByte() throws IOException {
    writeNodes(directory, 200);
    rewriteByte(directory.resolve(LmdbEnvironment.DATA_FILE), DATA_BYTE);
    assertThat(pagesCheckedAtOpen(config(directory))).isGreaterThan(3);
    assertThat(pagesCheckedAtOpen(config(directory))).as("checked, then recorded again").isZero();
  }

  @Test
  void damageWrittenAfterARecordedCloseIsFoundByTheWalk() throws IOException {
    writeNodes(directory, 200);
    long pageSize;
    try (NodeStore store = new LmdbBackendProvider().open(config(directory))) {
      pageSize = store.stats().figures().get("pageSize");
    }
    Path data = directory.resolve(LmdbEnvironment.DATA_FILE);
    try (FileChannel file = FileChannel.open(data, StandardOpenOption.WRITE)) {
      for (long page = 2; page * pageSize < file.size(); page++) {
        file.write(ByteBuffer.wrap(new byte[2]), page * pageSize + PAGE_FLAGS_OFFSET);
      }
    }
    assertThatThrownBy(() -> new LmdbBackendProvider().open(config(directory)))
        .isInstanceOf(CorruptStoreException.class)
        .hasMessageContaining("found by checking its data file");
  }

  @Test
  void aWriteByAnotherProgramWhileTheStoreIsOpenIsNotVouchedFor() throws IOException {
    writeNodes(directory, 200);
    try (NodeStore store = new LmdbBackendProvider().open(config(directory))) {
      assertThat(store.stats().figures().get("openCheckPages")).isZero();
      rewriteByte(directory.resolve(LmdbEnvironment.DATA_FILE), DATA_BYTE);
    }
    assertThat(pagesCheckedAtOpen(config(directory))).isGreaterThan(3);
  }

  @Test
  void aCopyOfTheStoreIsWalkedThoughItsTimesAreKept(@TempDir Path copy) throws IOException {
    List<Hash> ids = writeNodes(directory, 200);
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.copy(file, copy.resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES,
            StandardCopyOption.REPLACE_EXISTING);
      }
    }
    assertThat(pagesCheckedAtOpen(config(copy))).isGreaterThan(3);
    try (NodeStore store = new LmdbBackendProvider().open(config(copy)); ReadTransaction tx = store.beginRead()) {
      assertThat(tx.get(ids.get(0))).isNotNull();
    }
  }

  @Test
  void aLockFileHoldingSomethingElseIsIgnored() throws IOException {
    writeNodes(directory, 200);
    Files.writeString(directory.resolve(DirectoryLock.FILE_NAME), "not a record", StandardCharsets.US_ASCII);
    assertThat(pagesCheckedAtOpen(config(directory))).isGreaterThan(3);
    Path lockFile = directory.resolve(DirectoryLock.FILE_NAME);
    byte[] record = Files.readAllBytes(lockFile);
    record[record.length / 2] ^= 1;
    Files.write(lockFile, record);
    assertThat(pagesCheckedAtOpen(config(directory))).as("a record failing its checksum").isGreaterThan(3);
  }

  private static StoreConfig config(Path location) {
    return StoreConfig.builder("lmdb").location(location).build();
  }

  private static long pagesCheckedAtOpen(StoreConfig config) {
    try (NodeStore store = new LmdbBackendProvider().open(config)) {
      return store.stats().figures().get("openCheckPages");
    }
  }

  /** Commits small nodes, which LMDB keeps in its leaf pages, and returns their ids. */
  private static List<Hash> writeNodes(Path location, int count) {
    List<Hash> ids = new ArrayList<>();
    try (NodeStore store = new LmdbBackendProvider().open(config(location)); WriteTransaction tx = store.beginWrite()) {
      for (int i = 0; i < count; i++) {
        byte[] node = ("node " + i + " of a store whose open is checked").getBytes(StandardCharsets.UTF_8);
        tx.put(Hash.of(node), node);
        ids.add(Hash.of(node));
      }
      tx.commit();
    }
    return ids;
  }

  /** Writes a byte of a file again, unchanged: a write all the same. */
  private static void rewriteByte(Path file, long at) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      channel.read(one, at);
      channel.write(one.flip(), at);
    }
  }
}

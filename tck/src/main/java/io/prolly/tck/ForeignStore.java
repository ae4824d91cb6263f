package io.prolly.tck;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * Stores of other engines and programs, as the files they leave on disk, for
 * {@link StoreLocationContract} to plant where a backend expects its own store. The files have
 * the names and the opening bytes of the real thing; the rest is seeded noise.
 */
enum ForeignStore {

  /** An LMDB environment: a data file whose first page is a meta page, and LMDB's lock file. */
  LMDB_ENVIRONMENT("lmdb", "data.mdb", Map.of(
      "data.mdb", lmdbDataFile(),
      "lock.mdb", noise(8192, 1))),

  /** A RocksDB database: the current-manifest pointer, manifest, options, log and one table. */
  ROCKSDB_DATABASE("rocksdb", "000009.sst", Map.of(
      "CURRENT", text("MANIFEST-000005\n"),
      "IDENTITY", text("0b6e27a4-1f0c-4d1e-9a53-6f2d8c1e4b7a\n"),
      "LOCK", new byte[0],
      "LOG", text("RocksDB version: 9.10.0\n"),
      "MANIFEST-000005", noise(512, 2),
      "OPTIONS-000007", text("[Version]\n  rocksdb_version=9.10.0\n  options_file_version=1.1\n"),
      "000004.log", noise(4096, 3),
      "000009.sst", noise(8192, 4))),

  /** An H2 MVStore file, the engine of the file backend. */
  MVSTORE_FILE("file", "store.prolly", Map.of(
      "store.prolly", concat(text("H:2,block:2,blockSize:1000,chunk:1,clean:1,created:18c2f0e1a3b,format:3,version:1\n"),
          noise(8192, 5)))),

  /** No store at all: someone's notes and photos. */
  UNRELATED_FILES("", "notes.txt", Map.of(
      "notes.txt", text("Back up the photos before the move.\n".repeat(100)),
      "photos/cat.jpg", concat(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0}, noise(4096, 6))));

  private final String scheme;
  private final String mainFile;
  private final Map<String, byte[]> files;

  ForeignStore(String scheme, String mainFile, Map<String, byte[]> files) {
    this.scheme = scheme;
    this.mainFile = mainFile;
    this.files = files;
  }

  /** The scheme of the Prolly backend whose engine writes such stores; "" for none. */
  String scheme() {
    return scheme;
  }

  /**
   * Puts the store at a location: its files inside the location for a backend that keeps a
   * directory, its main data file as the location for one that keeps a single file.
   */
  void plant(Path location, StoreLayout layout) throws IOException {
    if (layout == StoreLayout.FILE) {
      write(location, files.get(mainFile));
      return;
    }
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      write(location.resolve(file.getKey()), file.getValue());
    }
  }

  private static void write(Path file, byte[] content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, content);
  }

  /** Two pages, the first an LMDB meta page: flags P_META, magic 0xBEEFC0DE, version 1. */
  private static byte[] lmdbDataFile() {
    ByteBuffer pages = ByteBuffer.allocate(2 * 4096).order(ByteOrder.LITTLE_ENDIAN);
    pages.putShort(10, (short) 0x08).putInt(16, 0xBEEFC0DE).putInt(20, 1);
    return pages.array();
  }

  private static byte[] noise(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static byte[] text(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] head, byte[] tail) {
    byte[] all = new byte[head.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }
}

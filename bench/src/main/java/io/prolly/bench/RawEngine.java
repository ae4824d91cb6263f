package io.prolly.bench;

import io.prolly.spi.Durability;
import java.nio.file.Path;

/**
 * A storage engine used directly, configured as its Prolly backend configures it, doing the
 * engine work behind each operation of {@link NodeStoreBenchmark}: the floor that the SPI's cost
 * is compared with. Node ids are 32-byte arrays, prepared by the caller.
 *
 * <p>Not thread-safe; the benchmarks use an engine from one thread.
 */
interface RawEngine extends AutoCloseable {

  /**
   * Opens an engine in an empty directory of its own.
   *
   * @param engine {@code file} (H2 MVStore), {@code lmdb} or {@code rocksdb}
   */
  static RawEngine open(String engine, Path directory, Durability durability) {
    switch (engine) {
      case "file":
        return new RawMvStore(directory.resolve("raw.mv"), durability);
      case "lmdb":
        return new RawLmdb(directory, durability);
      case "rocksdb":
        return new RawRocksDb(directory, durability);
      default:
        throw new IllegalArgumentException("no raw engine '" + engine + "'; use file, lmdb or rocksdb");
    }
  }

  /** Stores the nodes in one engine transaction and commits it with the engine's durability. */
  void writeBatch(byte[][] ids, byte[][] nodes);

  /** Opens a consistent view of the committed nodes, as a read transaction of the SPI has. */
  RawReader beginRead();

  /** In one transaction committed with the engine's durability: stores a node, reads a ref and sets it to the node. */
  void commitNodeAndRef(byte[] id, byte[] node, byte[] refName);

  @Override
  void close();
}

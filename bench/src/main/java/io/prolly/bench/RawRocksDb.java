package io.prolly.bench;

import io.prolly.spi.Durability;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Snapshot;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * RocksDB used directly, opened as {@code backend-rocksdb} opens it: the same four column
 * families, a shared 64 MiB LRU block cache, a 10-bit Bloom filter on the nodes, LZ4, atomic
 * flush, the same log recovery mode, 1 MiB background log syncs for {@code EVENTUAL}, and
 * {@code WriteOptions.sync} for {@code IMMEDIATE}. Reads go through a snapshot with checksums
 * verified, as a read transaction of the backend does.
 *
 * <p>Where it differs from the backend, by design (these are the backend's own costs): no
 * existence check of each node before it is written (the backend reads each id first, to keep
 * exact node totals), no totals record in the batch.
 */
final class RawRocksDb implements RawEngine {

  static {
    RocksDB.loadLibrary();
  }

  private final Deque<AutoCloseable> natives = new ArrayDeque<>();
  private final RocksDB db;
  private final ColumnFamilyHandle nodes;
  private final ColumnFamilyHandle refs;
  private final WriteOptions writeOptions;

  RawRocksDb(Path directory, Durability durability) {
    LRUCache cache = push(new LRUCache(64L << 20));
    BloomFilter bloom = push(new BloomFilter(10));
    ColumnFamilyOptions nodeOptions = push(new ColumnFamilyOptions()
        .setCompressionType(CompressionType.LZ4_COMPRESSION)
        .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(bloom)));
    ColumnFamilyOptions plainOptions = push(new ColumnFamilyOptions()
        .setCompressionType(CompressionType.LZ4_COMPRESSION)
        .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache)));
    DBOptions dbOptions = push(new DBOptions()
        .setCreateIfMissing(true)
        .setCreateMissingColumnFamilies(true)
        .setAtomicFlush(true)
        .setWalRecoveryMode(WALRecoveryMode.TolerateCorruptedTailRecords)
        .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
        .setKeepLogFileNum(2));
    if (durability == Durability.EVENTUAL) {
      dbOptions.setWalBytesPerSync(1L << 20);
    }
    List<ColumnFamilyDescriptor> families = List.of(
        new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, plainOptions),
        new ColumnFamilyDescriptor(bytes("nodes"), nodeOptions),
        new ColumnFamilyDescriptor(bytes("refs"), plainOptions),
        new ColumnFamilyDescriptor(bytes("meta"), plainOptions));
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      db = push(RocksDB.open(dbOptions, directory.toString(), families, handles));
    } catch (RocksDBException e) {
      close();
      throw new IllegalStateException("cannot open RocksDB in " + directory + ": " + e.getMessage(), e);
    }
    handles.forEach(this::push);
    nodes = handles.get(1);
    refs = handles.get(2);
    writeOptions = push(new WriteOptions()
        .setSync(durability == Durability.IMMEDIATE)
        .setDisableWAL(durability == Durability.NONE));
  }

  private <T extends AutoCloseable> T push(T resource) {
    natives.push(resource);
    return resource;
  }

  @Override
  public void writeBatch(byte[][] ids, byte[][] batch) {
    try (WriteBatch write = new WriteBatch()) {
      for (int i = 0; i < ids.length; i++) {
        write.put(nodes, ids[i], batch[i]);
      }
      db.write(writeOptions, write);
    } catch (RocksDBException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public RawReader beginRead() {
    Snapshot snapshot = db.getSnapshot();
    ReadOptions options = new ReadOptions().setSnapshot(snapshot).setVerifyChecksums(true);
    return new RawReader() {
      @Override
      public byte @Nullable [] get(byte[] id) {
        try {
          return db.get(nodes, options, id);
        } catch (RocksDBException e) {
          throw new IllegalStateException(e);
        }
      }

      @Override
      public void close() {
        options.close();
        db.releaseSnapshot(snapshot);
        snapshot.close();
      }
    };
  }

  @Override
  public void commitNodeAndRef(byte[] id, byte[] node, byte[] refName) {
    try (WriteBatch write = new WriteBatch()) {
      db.get(refs, refName);
      write.put(nodes, id, node);
      write.put(refs, refName, id);
      db.write(writeOptions, write);
    } catch (RocksDBException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Flushes every column family, as the backend does at close, then closes in reverse order of creation. */
  @Override
  public void close() {
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      if (db != null) {
        db.flush(flush, List.of(nodes, refs));
      }
    } catch (RocksDBException e) {
      throw new IllegalStateException(e);
    } finally {
      while (!natives.isEmpty()) {
        try {
          natives.pop().close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  private static byte[] bytes(String name) {
    return name.getBytes(StandardCharsets.UTF_8);
  }
}

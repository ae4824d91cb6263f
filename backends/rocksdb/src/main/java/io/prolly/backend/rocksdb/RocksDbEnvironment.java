package io.prolly.backend.rocksdb;

import io.prolly.error.CorruptStoreException;
import io.prolly.error.StoreLockedException;
import io.prolly.error.ProllyException;
import io.prolly.spi.Durability;
import io.prolly.spi.support.StoreDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * An open RocksDB database with the store's column families, and every native object that goes
 * with it, closed in reverse order of creation by {@link #close()}.
 *
 * <p>A write that fails (a full disk, say) puts RocksDB in a background error state in which it
 * refuses every later write, even once space is freed, until {@code DB::Resume()}, which
 * rocksdbjni does not offer, or until the database is opened again. So the store
 * {@linkplain #retire() retires} such an environment and opens a new one. Reads of snapshots
 * run through {@link #read}, under the shared side of a lock that retiring takes exclusively, so
 * that no native call ever meets a closed database: a snapshot of a retired environment fails
 * with an exception instead.
 *
 * <p>Thread-safe, as RocksDB is, until closed; the store closes it only when nothing uses it.
 */
final class RocksDbEnvironment implements AutoCloseable {

  /** The file every RocksDB database has. */
  static final String CURRENT_FILE = "CURRENT";

  private static final String NODES = "nodes";
  private static final String REFS = "refs";
  private static final String META = "meta";
  private static final double BLOOM_BITS_PER_KEY = 10;
  private static final long WAL_BYTES_PER_SYNC = 1L << 20;

  static {
    RocksDB.loadLibrary();
  }

  private final NativeStack natives;
  private final StoreDirectory directory;
  private final RocksDbSettings settings;
  private final RocksDB db;
  private final ColumnFamilyHandle nodes;
  private final ColumnFamilyHandle refs;
  private final ColumnFamilyHandle meta;
  private final WriteOptions writeOptions;
  private final LRUCache cache;
  private final ReadWriteLock access = new ReentrantReadWriteLock();
  private final Set<RocksDbSnapshot> snapshots = ConcurrentHashMap.newKeySet();
  /** Guarded by {@link #access}. */
  private boolean retired;
  /** Whether a write failed, after which RocksDB refuses writes until the database is opened again. */
  private volatile boolean writesStopped;

  private RocksDbEnvironment(NativeStack natives, StoreDirectory directory, RocksDbSettings settings, RocksDB db,
      List<ColumnFamilyHandle> handles, WriteOptions writeOptions, LRUCache cache) {
    this.natives = natives;
    this.directory = directory;
    this.settings = settings;
    this.db = db;
    this.nodes = handles.get(1);
    this.refs = handles.get(2);
    this.meta = handles.get(3);
    this.writeOptions = writeOptions;
    this.cache = cache;
  }

  /**
   * Opens the database in a directory, creating and marking it if it is new.
   *
   * @throws io.prolly.error.StoreLockedException if the database is open elsewhere
   * @throws io.prolly.error.CorruptStoreException if it is damaged or foreign
   * @throws ProllyException if RocksDB cannot open it for another reason
   */
  static RocksDbEnvironment open(StoreDirectory directory, RocksDbSettings settings) {
    boolean existed = hasDatabase(directory);
    if (existed) {
      checkColumnFamilies(directory);
    }
    // Looked at before RocksDB opens the database, which deletes the files its manifest does not list.
    boolean holdsData = existed && holdsDataFiles(directory);
    NativeStack natives = new NativeStack();
    try {
      LRUCache cache = natives.push(new LRUCache(settings.blockCacheSize()));
      BloomFilter bloom = natives.push(new BloomFilter(BLOOM_BITS_PER_KEY));
      // Nodes are read by id: a Bloom filter spares a disk read for most absent ids.
      ColumnFamilyOptions nodeOptions = natives.push(new ColumnFamilyOptions()
          .setCompressionType(settings.compression().type())
          .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(bloom)));
      ColumnFamilyOptions plainOptions = natives.push(new ColumnFamilyOptions()
          .setCompressionType(settings.compression().type())
          .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache)));
      DBOptions dbOptions = natives.push(new DBOptions()
          .setCreateIfMissing(!existed)
          .setCreateMissingColumnFamilies(!existed)
          // Flushing every column family together keeps a commit whole even without the log.
          .setAtomicFlush(true)
          // RocksDB's default, point-in-time recovery, stops replaying the log at the first damaged
          // record and silently drops every later commit. This mode tolerates only an incomplete
          // last record (the commit a crash interrupted, never acknowledged) and reports any other
          // damage as corruption.
          .setWalRecoveryMode(WALRecoveryMode.TolerateCorruptedTailRecords)
          .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
          .setKeepLogFileNum(2));
      if (settings.durability() == Durability.EVENTUAL) {
        dbOptions.setWalBytesPerSync(WAL_BYTES_PER_SYNC);
      }
      List<ColumnFamilyDescriptor> descriptors = List.of(
          new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, plainOptions),
          new ColumnFamilyDescriptor(bytes(NODES), nodeOptions),
          new ColumnFamilyDescriptor(bytes(REFS), plainOptions),
          new ColumnFamilyDescriptor(bytes(META), plainOptions));
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      RocksDB db = RocksDB.open(dbOptions, directory.path().toString(), descriptors, handles);
      natives.push(db::closeE);
      handles.forEach(natives::push);
      WriteOptions writeOptions = natives.push(new WriteOptions()
          .setSync(settings.durability() == Durability.IMMEDIATE)
          .setDisableWAL(settings.durability() == Durability.NONE));
      RocksDbEnvironment environment =
          new RocksDbEnvironment(natives, directory, settings, db, handles, writeOptions, cache);
      environment.checkOrMarkFormat(holdsData);
      return environment;
    } catch (RocksDBException e) {
      closeAfterFailure(natives, e);
      throw RocksDbFailures.translate("opening", directory.location(), e);
    } catch (RuntimeException e) {
      closeAfterFailure(natives, e);
      throw e;
    }
  }

  private static void checkColumnFamilies(StoreDirectory directory) {
    Set<String> names;
    try (Options options = new Options()) {
      names = RocksDB.listColumnFamilies(options, directory.path().toString()).stream()
          .map(name -> new String(name, StandardCharsets.UTF_8))
          .collect(Collectors.toSet());
    } catch (RocksDBException e) {
      throw RocksDbFailures.translate("reading", directory.location(), e);
    }
    if (!names.containsAll(List.of(NODES, REFS, META))) {
      throw StoreMeta.corrupt(directory.location(), "it is a RocksDB database but not one written by Prolly (its"
          + " column families are " + names.stream().sorted().collect(Collectors.toList()) + "); open it with the"
          + " program that wrote it");
    }
  }

  /**
   * Marks a new database, or checks the mark of an existing one.
   *
   * @param holdsData whether the directory held tables or a non-empty log before the open: an
   *     unmarked, empty database with such files lost them to a damaged manifest, and must not be
   *     taken for a new one
   */
  private void checkOrMarkFormat(boolean holdsData) throws RocksDBException {
    byte[] marker = db.get(meta, StoreMeta.FORMAT_KEY);
    if (marker == null && isEmpty()) {
      if (holdsData) {
        throw StoreMeta.corrupt(directory.location(), "it holds data files, but its manifest lists none of their"
            + " data; the manifest is damaged. Restore the store from a backup");
      }
      // New, or created by an open that stopped before marking it: a mark lost in a crash is
      // simply written again by the next open, so it is written like any commit.
      try (WriteBatch batch = new WriteBatch()) {
        batch.put(meta, StoreMeta.FORMAT_KEY, StoreMeta.FORMAT_VALUE);
        batch.put(meta, StoreMeta.TOTALS_KEY, StoreTotals.NONE.encode());
        write(batch);
      }
      return;
    }
    StoreMeta.checkFormat(marker, directory.location());
    totals();
  }

  private boolean isEmpty() {
    for (ColumnFamilyHandle handle : List.of(nodes, refs, meta)) {
      try (var iterator = db.newIterator(handle)) {
        iterator.seekToFirst();
        if (iterator.isValid()) {
          return false;
        }
      }
    }
    return true;
  }

  RocksDB db() {
    return db;
  }

  ColumnFamilyHandle nodes() {
    return nodes;
  }

  ColumnFamilyHandle refs() {
    return refs;
  }

  ColumnFamilyHandle meta() {
    return meta;
  }

  StoreDirectory directory() {
    return directory;
  }

  LRUCache cache() {
    return cache;
  }

  /**
   * Reads the committed totals.
   *
   * @throws io.prolly.error.CorruptStoreException if they are missing or damaged
   */
  StoreTotals totals() throws RocksDBException {
    return StoreMeta.totals(db.get(meta, StoreMeta.TOTALS_KEY), directory.location());
  }

  /** Writes a batch atomically, synced or not as the durability says. */
  void write(WriteBatch batch) throws RocksDBException {
    try {
      db.write(writeOptions, batch);
    } catch (RocksDBException e) {
      writesStopped = true;
      throw e;
    }
  }

  /**
   * Gives back the space of deleted nodes: flushes the memtables, then compacts every column
   * family down to the bottom level, also the bottom level itself, so that deletes drop the
   * values they shadow and the tables that held them are removed. The write-ahead logs the flush
   * made obsolete go too. Commits and reads go on meanwhile; values an open snapshot still sees
   * are kept.
   */
  void compact() throws RocksDBException {
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true);
        CompactRangeOptions options = new CompactRangeOptions()
            .setBottommostLevelCompaction(CompactRangeOptions.BottommostLevelCompaction.kForceOptimized)) {
      db.flush(flush, List.of(nodes, refs, meta));
      for (ColumnFamilyHandle handle : List.of(nodes, refs, meta)) {
        db.compactRange(handle, null, null, options);
      }
    }
  }

  /** Tells whether a write failed: RocksDB then refuses writes until the database is opened again. */
  boolean writesStopped() {
    return writesStopped;
  }

  /** A read of the database, by a snapshot or for figures. */
  interface Read<T> {
    T run() throws RocksDBException;
  }

  /**
   * Runs a read while the database cannot be retired.
   *
   * @param what what is read, for the message of a failure, such as "reading a node of"
   * @throws ProllyException (or a subclass) if RocksDB fails, or the environment was retired
   */
  <T> T read(String what, Read<T> body) {
    Lock shared = access.readLock();
    shared.lock();
    try {
      if (retired) {
        throw new ProllyException("RocksDB store '" + directory.location() + "' was opened again after a failed"
            + " write, which ended the transactions begun before; begin a new transaction");
      }
      return body.run();
    } catch (RocksDBException e) {
      throw RocksDbFailures.translate(what, directory.location(), e);
    } finally {
      shared.unlock();
    }
  }

  /**
   * Takes a snapshot of the latest commit.
   *
   * @return the snapshot, or null if the environment was retired
   */
  @Nullable RocksDbSnapshot openSnapshot() {
    Lock shared = access.readLock();
    shared.lock();
    try {
      if (retired) {
        return null;
      }
      RocksDbSnapshot snapshot = new RocksDbSnapshot(this);
      snapshots.add(snapshot);
      return snapshot;
    } finally {
      shared.unlock();
    }
  }

  /** Releases a snapshot, unless retiring released it already. */
  void release(RocksDbSnapshot snapshot) {
    Lock shared = access.readLock();
    shared.lock();
    try {
      if (snapshots.remove(snapshot)) {
        snapshot.releaseNatives();
      }
    } finally {
      shared.unlock();
    }
  }

  /**
   * Tells whether the environment was retired.
   *
   * @return true once {@link #retire()} began
   */
  boolean retired() {
    Lock shared = access.readLock();
    shared.lock();
    try {
      return retired;
    } finally {
      shared.unlock();
    }
  }

  /**
   * Closes a database whose writes RocksDB stopped, so that the store can open it again: releases
   * the snapshots still open, whose transactions fail from then on, and closes without the flush
   * of {@link #close()}, which RocksDB would refuse. Every acknowledged commit is in the log,
   * which opening the database replays. Only for durabilities that write the log.
   */
  void retire() {
    Lock exclusive = access.writeLock();
    exclusive.lock();
    try {
      retired = true;
      snapshots.forEach(RocksDbSnapshot::releaseNatives);
      snapshots.clear();
      try {
        natives.close();
      } catch (ProllyException e) {
        // Closing a stopped database reports the error that stopped it ("Seen error"); rocksdbjni
        // releases the database and every other object all the same.
      }
    } finally {
      exclusive.unlock();
    }
  }

  /**
   * Returns the bytes of the write-ahead logs: about what opening the database again writes, as
   * it flushes the replayed logs into tables.
   *
   * @throws ProllyException if the directory cannot be read
   */
  long logBytes() {
    try (Stream<Path> files = Files.list(directory.path())) {
      long total = 0;
      for (Path file : (Iterable<Path>) files::iterator) {
        if (file.getFileName().toString().endsWith(".log")) {
          total += sizeOf(file);
        }
      }
      return total;
    } catch (IOException e) {
      throw new ProllyException("cannot list the directory of RocksDB store '" + directory.location() + "': " + e, e);
    }
  }

  /**
   * Makes every commit durable as {@link io.prolly.spi.NodeStore#close()} promises, then closes.
   * Whatever the durability, the memtables are flushed to tables: then a closed store keeps its
   * data only in tables, whose blocks carry checksums and whose lengths the manifest records, and
   * not in the write-ahead log, where a truncation at the end cannot be told from a commit
   * interrupted by a crash and would silently lose acknowledged commits.
   *
   * <p>After a failed write RocksDB refuses the flush: the database is then closed as it is, with
   * the commits since the last flush in the write-ahead log only, which the next open replays.
   *
   * @throws ProllyException if the flush or the close failed, or, with {@code durability=none},
   *     a failed write had stopped RocksDB's writes, so that the commits since the last flush are lost
   */
  @Override
  public void close() {
    if (retired()) {
      return;
    }
    if (writesStopped) {
      retire();
      if (settings.durability() == Durability.NONE) {
        throw new ProllyException("RocksDB store '" + directory.location() + "' was closed after a failed write"
            + " stopped its writes; with durability=none, the commits since its last flush were only in memory and"
            + " are lost", null);
      }
      return;
    }
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      db.flush(flush, List.of(nodes, refs, meta));
    } catch (RocksDBException e) {
      closeAfterFailure(natives, e);
      throw RocksDbFailures.translate("syncing at close", directory.location(), e);
    }
    natives.close();
  }

  private static void closeAfterFailure(NativeStack natives, Exception primary) {
    try {
      natives.close();
    } catch (ProllyException e) {
      primary.addSuppressed(e);
    }
  }

  private static byte[] bytes(String name) {
    return name.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Tells whether the directory holds a RocksDB database; without one it may hold only what an
   * interrupted first open leaves behind.
   */
  private static boolean hasDatabase(StoreDirectory directory) {
    if (Files.exists(directory.path().resolve(CURRENT_FILE))) {
      return true;
    }
    directory.requireOnly(name -> name.equals("LOCK") || name.equals("IDENTITY") || name.startsWith("LOG"));
    return false;
  }

  /**
   * Tells whether the directory holds a table or a non-empty write-ahead log: data that a
   * database only has once something was committed to it.
   */
  private static boolean holdsDataFiles(StoreDirectory directory) {
    try (Stream<Path> files = Files.list(directory.path())) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.endsWith(".sst") || name.endsWith(".log") && sizeOf(file) > 0) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new ProllyException("cannot list the directory of RocksDB store '" + directory.location() + "': " + e, e);
    }
  }

  private static long sizeOf(Path file) throws IOException {
    try {
      return Files.size(file);
    } catch (NoSuchFileException e) {
      return 0;
    }
  }
}

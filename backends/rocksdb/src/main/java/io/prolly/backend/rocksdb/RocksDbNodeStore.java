package io.prolly.backend.rocksdb;

import io.prolly.error.ProllyException;
import io.prolly.error.StorageFullException;
import io.prolly.spi.Durability;
import io.prolly.spi.Hash;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.StoreStats;
import io.prolly.spi.support.AbstractNodeStore;
import io.prolly.spi.support.Changes;
import io.prolly.spi.support.DiskSpace;
import io.prolly.spi.support.RefChange;
import io.prolly.spi.support.Snapshot;
import io.prolly.spi.support.StoreDirectory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * A node store in a RocksDB database. Transactions read through RocksDB snapshots; a commit,
 * serialised by a lock, checks the refs against the latest state and writes its nodes, refs and
 * the new totals in one {@link WriteBatch}, which RocksDB applies atomically.
 *
 * <p>After a failed write RocksDB refuses every write until the database is opened again (see
 * {@link RocksDbEnvironment}): the next commit does that, once the disk has room for what
 * opening writes, and until then fails with {@link StorageFullException} like the first.
 * Transactions begun before the reopen fail from then on; new ones read the reopened database.
 */
final class RocksDbNodeStore extends AbstractNodeStore {

  /** Room to leave on the disk, beyond the logs and the commit, before opening the database again. */
  private static final long REOPEN_HEADROOM = 1L << 20;

  private final RocksDbSettings settings;
  private final ReentrantLock commitLock = new ReentrantLock();
  /** Replaced, under the commit lock, when a failed write stopped RocksDB's writes. */
  private volatile RocksDbEnvironment environment;
  private volatile StoreTotals totals;

  private RocksDbNodeStore(StoreConfig config, RocksDbSettings settings, RocksDbEnvironment environment,
      StoreTotals totals) {
    super(config);
    this.settings = settings;
    this.environment = environment;
    this.totals = totals;
  }

  static RocksDbNodeStore open(StoreConfig config, RocksDbSettings settings) {
    RocksDbEnvironment environment = RocksDbEnvironment.open(StoreDirectory.prepare(config, "RocksDB"), settings);
    try {
      return new RocksDbNodeStore(config, settings, environment, environment.totals());
    } catch (RocksDBException e) {
      environment.close();
      throw RocksDbFailures.translate("opening", config.location(), e);
    } catch (RuntimeException e) {
      environment.close();
      throw e;
    }
  }

  @Override
  protected Snapshot openSnapshot() {
    while (true) {
      RocksDbEnvironment current = environment;
      RocksDbSnapshot snapshot = current.openSnapshot();
      if (snapshot != null) {
        return snapshot;
      }
      commitLock.lock();
      try {
        if (environment == current) {
          // Retired, and opening it again failed: try once more, or say why not.
          reopen(0);
        }
      } finally {
        commitLock.unlock();
      }
    }
  }

  @Override
  protected void apply(Changes changes) {
    commitLock.lock();
    try {
      if (environment.writesStopped() || environment.retired()) {
        reopen(changes.putBytes());
      }
      RocksDbEnvironment environment = this.environment;
      changes.checkRefs(this::latestRef);
      StoreTotals next = totals;
      try (WriteBatch batch = new WriteBatch()) {
        List<Hash> puts = new ArrayList<>(changes.puts().keySet());
        List<byte @Nullable []> stored = latest(puts);
        for (int i = 0; i < puts.size(); i++) {
          if (stored.get(i) == null) {
            byte[] node = changes.puts().get(puts.get(i));
            batch.put(environment.nodes(), puts.get(i).toBytes(), node);
            next = next.plusNode(node.length);
          }
        }
        List<Hash> deletes = new ArrayList<>(changes.deletes());
        stored = latest(deletes);
        for (int i = 0; i < deletes.size(); i++) {
          byte[] node = stored.get(i);
          if (node != null) {
            batch.delete(environment.nodes(), deletes.get(i).toBytes());
            next = next.minusNode(node.length);
          }
        }
        for (Map.Entry<String, RefChange> ref : changes.refs().entrySet()) {
          byte[] key = ref.getKey().getBytes(StandardCharsets.UTF_8);
          Hash value = ref.getValue().value();
          // checkRefs proved the committed value is the expected one.
          int delta = (value == null ? 0 : 1) - (ref.getValue().expected() == null ? 0 : 1);
          if (value == null) {
            batch.delete(environment.refs(), key);
          } else {
            batch.put(environment.refs(), key, value.toBytes());
          }
          next = next.plusRefs(delta);
        }
        batch.put(environment.meta(), StoreMeta.TOTALS_KEY, next.encode());
        environment.write(batch);
      } catch (RocksDBException e) {
        throw RocksDbFailures.translate("committing to", config().location(), e);
      }
      totals = next;
    } finally {
      commitLock.unlock();
    }
  }

  /**
   * Opens the database again after a failed write stopped its writes, if the disk has room for
   * what opening writes: RocksDB replays the logs and flushes them into tables. Only the holder
   * of the commit lock may call it.
   *
   * @param bytesNeeded about what the commit that waits for the reopen writes
   * @throws StorageFullException if the disk has too little room; the environment stays as it was
   * @throws ProllyException if the database cannot be opened again, or the durability writes no
   *     log; the next operation tries again
   */
  private void reopen(long bytesNeeded) {
    RocksDbEnvironment stopped = environment;
    String location = config().location();
    if (settings.durability() == Durability.NONE) {
      // Without a log, the latest commits are only in memory, and only a flush, which RocksDB now
      // refuses, would keep them.
      throw new ProllyException("RocksDB store '" + location + "' refuses writes since a write failed, and with"
          + " durability=none it cannot be opened again without losing the commits since the last flush."
          + " Free disk space, close the store and open it again", null);
    }
    if (!stopped.retired()) {
      long needed = stopped.logBytes() + bytesNeeded + REOPEN_HEADROOM;
      if (!DiskSpace.hasRoom(stopped.directory().path(), needed)) {
        throw new StorageFullException(location, "RocksDB store '" + location + "' refuses writes since a write"
            + " failed for want of disk space, and it needs about " + needed + " free bytes to recover (it writes"
            + " its logs into tables); nothing was committed. Free disk space, then commit again; everything"
            + " committed before is intact and readable", null);
      }
      stopped.retire();
    }
    RocksDbEnvironment reopened = RocksDbEnvironment.open(stopped.directory(), settings);
    try {
      totals = reopened.totals();
    } catch (RocksDBException e) {
      reopened.close();
      throw RocksDbFailures.translate("opening", location, e);
    } catch (RuntimeException e) {
      reopened.close();
      throw e;
    }
    environment = reopened;
  }

  private @Nullable Hash latestRef(String name) {
    RocksDbEnvironment environment = this.environment;
    try {
      byte[] value = environment.db().get(environment.refs(), name.getBytes(StandardCharsets.UTF_8));
      return value == null ? null : Hash.fromBytes(value);
    } catch (RocksDBException e) {
      throw RocksDbFailures.translate("reading a ref of", config().location(), e);
    }
  }

  /**
   * The latest committed bytes of each node, null where absent, in one multi-get: RocksDB probes
   * the memtables and each table's Bloom filter for the whole batch at once, which costs far less
   * than a lookup per node.
   */
  private List<byte @Nullable []> latest(List<Hash> ids) throws RocksDBException {
    if (ids.isEmpty()) {
      return List.of();
    }
    RocksDbEnvironment environment = this.environment;
    List<byte[]> keys = new ArrayList<>(ids.size());
    for (Hash id : ids) {
      keys.add(id.toBytes());
    }
    return environment.db().multiGetAsList(Collections.nCopies(keys.size(), environment.nodes()), keys);
  }

  /** Flushes and compacts every column family fully; see {@link RocksDbEnvironment#compact()}. */
  @Override
  protected void compactStorage() {
    RocksDbEnvironment environment = this.environment;
    environment.read("compacting", () -> {
      environment.compact();
      return null;
    });
  }

  @Override
  protected StoreStats computeStats() {
    StoreTotals current = totals;
    RocksDbEnvironment environment = this.environment;
    RocksDB db = environment.db();
    return environment.read("reading the figures of", () -> StoreStats.of(current.nodeCount(), current.nodeBytes(), current.refCount(),
              environment.directory().sizeOnDisk())
          .withFigure("sstFilesBytes", db.getAggregatedLongProperty("rocksdb.total-sst-files-size"))
          .withFigure("memTableBytes", db.getAggregatedLongProperty("rocksdb.cur-size-all-mem-tables"))
          .withFigure("estimatedLiveDataBytes", db.getAggregatedLongProperty("rocksdb.estimate-live-data-size"))
          .withFigure("pendingCompactionBytes",
              db.getAggregatedLongProperty("rocksdb.estimate-pending-compaction-bytes"))
          .withFigure("blockCacheBytes", environment.cache().getUsage())
          .withFigure("openSnapshots", db.getLongProperty("rocksdb.num-snapshots"))
          .withFigure("liveVersions", db.getAggregatedLongProperty("rocksdb.num-live-versions")));
  }

  @Override
  protected void closeStorage() {
    commitLock.lock();
    try {
      environment.close();
    } finally {
      commitLock.unlock();
    }
  }
}

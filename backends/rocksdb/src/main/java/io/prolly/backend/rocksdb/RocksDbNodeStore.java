package io.prolly.backend.rocksdb;

import io.prolly.spi.Hash;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.StoreStats;
import io.prolly.spi.support.AbstractNodeStore;
import io.prolly.spi.support.Changes;
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
 */
final class RocksDbNodeStore extends AbstractNodeStore {

  private final RocksDbEnvironment environment;
  private final ReentrantLock commitLock = new ReentrantLock();
  private volatile StoreTotals totals;

  private RocksDbNodeStore(StoreConfig config, RocksDbEnvironment environment, StoreTotals totals) {
    super(config);
    this.environment = environment;
    this.totals = totals;
  }

  static RocksDbNodeStore open(StoreConfig config, RocksDbSettings settings) {
    RocksDbEnvironment environment = RocksDbEnvironment.open(StoreDirectory.prepare(config, "RocksDB"), settings);
    try {
      return new RocksDbNodeStore(config, environment, environment.totals());
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
    return new RocksDbSnapshot(environment);
  }

  @Override
  protected void apply(Changes changes) {
    commitLock.lock();
    try {
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

  private @Nullable Hash latestRef(String name) {
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
    List<byte[]> keys = new ArrayList<>(ids.size());
    for (Hash id : ids) {
      keys.add(id.toBytes());
    }
    return environment.db().multiGetAsList(Collections.nCopies(keys.size(), environment.nodes()), keys);
  }

  @Override
  protected StoreStats computeStats() {
    StoreTotals current = totals;
    RocksDB db = environment.db();
    try {
      return StoreStats.of(current.nodeCount(), current.nodeBytes(), current.refCount(),
              environment.directory().sizeOnDisk())
          .withFigure("sstFilesBytes", db.getAggregatedLongProperty("rocksdb.total-sst-files-size"))
          .withFigure("memTableBytes", db.getAggregatedLongProperty("rocksdb.cur-size-all-mem-tables"))
          .withFigure("estimatedLiveDataBytes", db.getAggregatedLongProperty("rocksdb.estimate-live-data-size"))
          .withFigure("pendingCompactionBytes",
              db.getAggregatedLongProperty("rocksdb.estimate-pending-compaction-bytes"))
          .withFigure("blockCacheBytes", environment.cache().getUsage())
          .withFigure("openSnapshots", db.getLongProperty("rocksdb.num-snapshots"))
          .withFigure("liveVersions", db.getAggregatedLongProperty("rocksdb.num-live-versions"));
    } catch (RocksDBException e) {
      throw RocksDbFailures.translate("reading the figures of", config().location(), e);
    }
  }

  @Override
  protected void closeStorage() {
    environment.close();
  }
}

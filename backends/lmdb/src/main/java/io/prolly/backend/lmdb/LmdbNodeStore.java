package io.prolly.backend.lmdb;

import io.prolly.error.CorruptStoreException;
import io.prolly.error.ProllyException;
import io.prolly.spi.Hash;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.StoreStats;
import io.prolly.spi.support.AbstractNodeStore;
import io.prolly.spi.support.Changes;
import io.prolly.spi.support.RefChange;
import io.prolly.spi.support.Snapshot;
import io.prolly.spi.support.StoreDirectory;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.lmdbjava.Env;
import org.lmdbjava.EnvInfo;
import org.lmdbjava.Stat;
import org.lmdbjava.Txn;

/**
 * A node store in an LMDB environment. Transactions read through LMDB read transactions; a
 * commit is one LMDB write transaction, serialised by a lock, that checks the refs, writes the
 * nodes, refs and totals, and commits. A commit that does not fit in the map is aborted, the map
 * grows, and the commit runs again, so a full map never reaches the caller; a full disk fails the
 * commit with {@link io.prolly.error.StorageFullException} and leaves the store as it was. LMDB has no checksums,
 * so with {@code verifyNodes} every node read is checked against its id. Compaction replaces the
 * data file by a compacted copy when that gives back enough and no transaction is open.
 */
final class LmdbNodeStore extends AbstractNodeStore {

  private final DirectoryLock lock;
  private final LmdbEnvironment environment;
  private final ReentrantLock commitLock = new ReentrantLock();
  private final boolean verifyNodes;
  private volatile long compactions;

  private LmdbNodeStore(StoreConfig config, DirectoryLock lock, LmdbEnvironment environment, boolean verifyNodes) {
    super(config);
    this.lock = lock;
    this.environment = environment;
    this.verifyNodes = verifyNodes;
  }

  static LmdbNodeStore open(StoreConfig config, LmdbSettings settings) {
    StoreDirectory directory = StoreDirectory.prepare(config, "LMDB");
    LmdbEnvironment.requireOnlyStoreFiles(directory);
    DirectoryLock lock = DirectoryLock.acquire(directory.path(), directory.location());
    try {
      CheckedState checked = CheckedState.decode(lock.recorded());
      return new LmdbNodeStore(config, lock, LmdbEnvironment.open(directory, settings, checked), settings.verifyNodes());
    } catch (CorruptStoreException e) {
      // Whatever the record said, the next open checks the file again.
      forgetCheckedState(lock, e);
      lock.close();
      throw e;
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  @Override
  protected Snapshot openSnapshot() {
    return new LmdbSnapshot(environment, verifyNodes);
  }

  @Override
  protected void apply(Changes changes) {
    commitLock.lock();
    try {
      long payload = changes.putBytes();
      while (true) {
        try {
          environment.write(txn -> write(txn, changes), payload);
          return;
        } catch (Env.MapFullException full) {
          environment.grow(payload);
        }
      }
    } finally {
      commitLock.unlock();
    }
  }

  private void write(Txn<byte[]> txn, Changes changes) {
    changes.checkRefs(name -> environment.refs().get(txn, name));
    NodeTable nodes = environment.nodes();
    NodeTotals totals = environment.meta().totals(txn);
    for (Map.Entry<Hash, byte[]> put : changes.puts().entrySet()) {
      if (nodes.putIfAbsent(txn, put.getKey(), put.getValue())) {
        totals = totals.plus(put.getValue().length);
      }
    }
    for (Hash id : changes.deletes()) {
      int length = nodes.delete(txn, id);
      if (length >= 0) {
        totals = totals.minus(length);
      }
    }
    for (Map.Entry<String, RefChange> ref : changes.refs().entrySet()) {
      environment.refs().set(txn, ref.getKey(), ref.getValue().value());
    }
    environment.meta().writeTotals(txn, totals);
  }

  /**
   * Rewrites the data file without its free pages when at least an eighth of it is free and no
   * transaction is open ({@link LmdbEnvironment#compact()}); commits wait meanwhile.
   */
  @Override
  protected void compactStorage() {
    commitLock.lock();
    try {
      if (environment.compact()) {
        compactions++;
      }
    } finally {
      commitLock.unlock();
    }
  }

  @Override
  protected StoreStats computeStats() {
    NodeTotals totals;
    long refCount;
    Stat nodeStat;
    Stat tailStat;
    Txn<byte[]> txn = environment.beginRead();
    try {
      totals = environment.read(() -> environment.meta().totals(txn));
      refCount = environment.read(() -> environment.refs().count(txn));
      nodeStat = environment.read(() -> environment.nodes().stat(txn));
      tailStat = environment.read(() -> environment.nodes().tailStat(txn));
    } finally {
      environment.end(txn);
    }
    EnvInfo info = environment.info();
    return StoreStats.of(totals.count(), totals.bytes(), refCount, environment.directory().sizeOnDisk())
        .withFigure("mapSize", info.mapSize)
        .withFigure("mapUsedBytes", (info.lastPageNumber + 1) * nodeStat.pageSize)
        .withFigure("mapGrowths", environment.growths())
        .withFigure("openCheckPages", environment.openCheckPages())
        .withFigure("compactions", compactions)
        .withFigure("pageSize", nodeStat.pageSize)
        .withFigure("nodeTreeDepth", nodeStat.depth)
        .withFigure("nodeOverflowPages", nodeStat.overflowPages)
        .withFigure("nodeTails", tailStat.entries)
        .withFigure("nodeTailPages", tailStat.branchPages + tailStat.leafPages + tailStat.overflowPages)
        .withFigure("readerSlotsHighWater", info.numReaders)
        .withFigure("maxReaders", info.maxReaders)
        .withFigure("lastTransactionId", info.lastTransactionId);
  }

  @Override
  protected void closeStorage() {
    try {
      environment.close();
      recordCheckedState();
    } finally {
      lock.close();
    }
  }

  /**
   * Writes down the data file's state if its structure is known good, so that the next open with
   * {@code checkOnOpen=changed} need not walk it; otherwise clears the record. A state is written
   * only once its change time is {@link CheckedState#SETTLED} old, so that any later write gets
   * a later time: after a commit just before the close, that is a wait of at most that long.
   */
  private void recordCheckedState() {
    CheckedState state = environment.checkedStateAfterClose();
    long wait = state == null ? -1 : state.nanosUntilSettled(nowNanos());
    if (wait > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        wait = -1;
      }
    }
    try {
      lock.record(wait < 0 ? new byte[0] : state.encode());
    } catch (ProllyException e) {
      // The record only spares the next open a walk of the file; without it the next open walks.
    }
  }

  private static void forgetCheckedState(DirectoryLock lock, Exception primary) {
    try {
      lock.record(new byte[0]);
    } catch (ProllyException e) {
      primary.addSuppressed(e);
    }
  }

  private static long nowNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}

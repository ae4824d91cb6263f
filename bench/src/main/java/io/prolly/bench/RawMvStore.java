package io.prolly.bench;

import io.prolly.spi.Durability;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RootReference;
import org.h2.mvstore.type.ByteArrayDataType;
import org.jspecify.annotations.Nullable;

/**
 * H2 MVStore used directly, opened and kept as {@code backend-file} does: automatic commits off,
 * a 16 MiB page cache, no compression, the same chunk retention; every commit writes a chunk,
 * {@code IMMEDIATE} syncs it before returning, and a background thread syncs {@code EVENTUAL}
 * commits once a second and compacts the file when its chunks are less than 90% full.
 *
 * <p>Where it differs from the backend, by design (these are the backend's own costs): no CRC32C
 * per page, no node counters in a meta map, no snapshot registration against chunk reuse (the
 * benchmark's read views are far shorter than the retention time), no interrupt shield.
 */
final class RawMvStore implements RawEngine {

  // The backend's defaults: FileBackendProvider.CACHE_SIZE and AUTO_COMPACT_FILL_RATE,
  // FileSettings.DEFAULT_RETENTION_MILLIS, and the housekeeper's period and compaction step.
  private static final int CACHE_MIB = 16;
  private static final int RETENTION_MILLIS = 45_000;
  private static final int AUTO_COMPACT_FILL_RATE = 90;
  private static final int COMPACT_BYTES = 16 << 20;
  private static final long HOUSEKEEPING_PERIOD_MILLIS = 1000;

  private final MVStore store;
  private final MVMap<byte[], byte[]> nodes;
  private final MVMap<byte[], byte[]> refs;
  private final Durability durability;
  private final ReentrantLock commitLock = new ReentrantLock();
  private final ScheduledExecutorService housekeeper;
  // Guarded by commitLock.
  private boolean unsynced;

  RawMvStore(Path file, Durability durability) {
    this.durability = durability;
    store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().cacheSize(CACHE_MIB).open();
    store.setRetentionTime(RETENTION_MILLIS);
    nodes = store.openMap("nodes", bytesToBytes());
    refs = store.openMap("refs", bytesToBytes());
    housekeeper = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "raw-mvstore-housekeeper");
      thread.setDaemon(true);
      return thread;
    });
    housekeeper.scheduleWithFixedDelay(
        this::housekeep, HOUSEKEEPING_PERIOD_MILLIS, HOUSEKEEPING_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  private static MVMap.Builder<byte[], byte[]> bytesToBytes() {
    return new MVMap.Builder<byte[], byte[]>().keyType(ByteArrayDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE);
  }

  @Override
  public void writeBatch(byte[][] ids, byte[][] batch) {
    commitLock.lock();
    try {
      for (int i = 0; i < ids.length; i++) {
        nodes.putIfAbsent(ids[i], batch[i]);
      }
      commit();
    } finally {
      commitLock.unlock();
    }
  }

  @Override
  public RawReader beginRead() {
    // A map's root page is an immutable version of it: MVStore's own snapshot.
    RootReference<byte[], byte[]> root = nodes.getRoot();
    return new RawReader() {
      @Override
      public byte @Nullable [] get(byte[] id) {
        return nodes.get(root.root, id);
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void commitNodeAndRef(byte[] id, byte[] node, byte[] refName) {
    commitLock.lock();
    try {
      nodes.putIfAbsent(id, node);
      refs.get(refName);
      refs.put(refName, id);
      commit();
    } finally {
      commitLock.unlock();
    }
  }

  private void commit() {
    store.commit();
    if (durability == Durability.IMMEDIATE) {
      store.sync();
    } else if (durability == Durability.EVENTUAL) {
      unsynced = true;
    }
  }

  /** What the backend's housekeeper does once a second: compact a sparse file, sync eventual commits. */
  private void housekeep() {
    boolean syncNeeded;
    commitLock.lock();
    try {
      syncNeeded = unsynced;
      unsynced = false;
      if (store.getFileStore().getChunksFillRate() < AUTO_COMPACT_FILL_RATE
          && store.compact(AUTO_COMPACT_FILL_RATE, COMPACT_BYTES)) {
        store.commit();
        if (durability != Durability.NONE) {
          store.sync();
        }
      }
    } finally {
      commitLock.unlock();
    }
    if (syncNeeded) {
      store.sync();
    }
  }

  @Override
  public void close() {
    housekeeper.shutdown();
    try {
      housekeeper.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      store.close();
    }
  }
}

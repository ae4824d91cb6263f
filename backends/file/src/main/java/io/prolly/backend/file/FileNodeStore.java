package io.prolly.backend.file;

import io.prolly.error.CorruptNodeException;
import io.prolly.error.CorruptStoreException;
import io.prolly.error.ProllyException;
import io.prolly.spi.Durability;
import io.prolly.spi.Hash;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.StoreStats;
import io.prolly.spi.support.AbstractNodeStore;
import io.prolly.spi.support.Changes;
import io.prolly.spi.support.DiskSpace;
import io.prolly.spi.support.RefChange;
import io.prolly.spi.support.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.h2.mvstore.RootReference;

/**
 * A node store in one H2 MVStore file.
 *
 * <p><b>Layout</b>: see {@link StoreFile}. The exact node count and node bytes live in the meta
 * map and change in the same MVStore commit as the nodes.
 *
 * <p><b>Commits</b> are serialised by a lock: check the ref expectations against the maps (which
 * hold only committed state, since nothing else writes them), write every change, then one
 * {@link MVStore#commit()}, which writes one new chunk. If anything throws before the commit,
 * {@link MVStore#rollback()} reverts the maps to the last commit. A crash while the chunk is being
 * written leaves an incomplete chunk that MVStore ignores on the next open, so a commit is all
 * or nothing also across crashes. MVStore's automatic commits are turned off for that reason.
 *
 * <p><b>Failed writes</b>: MVStore closes itself for good when a file write fails (a full disk,
 * say). The store then opens the file again at once, behind the same handle, and compares
 * versions to tell whether the commit reached the file whole; if it did not, the commit fails,
 * with {@link io.prolly.error.StorageFullException} when the disk is full. Snapshots of the closed
 * MVStore fail from then on; new ones read the reopened file. If opening it again fails too, the
 * next operation tries again.
 *
 * <p><b>Durability</b>: {@code IMMEDIATE} writes the chunk and fsyncs the file before the commit
 * returns. {@code EVENTUAL} writes the chunk before the commit returns (a crash of the process
 * loses nothing) and a background thread fsyncs within about a second. {@code NONE} writes the
 * chunk and fsyncs only at close.
 *
 * <p><b>Reads</b>: a snapshot holds the root pages of the node and ref maps of one commit, which
 * each commit publishes together in one volatile {@link Roots}, and registers its version with
 * MVStore so that the file space of the pages it reaches is not reused while it is open. Readers
 * take no lock and never wait for a commit's I/O.
 *
 * <p><b>Damage</b>: MVStore checksums its headers; {@link ChecksummedType} adds a CRC32C to every
 * page of Prolly's maps; with {@code verifyNodes} every node read is also checked against its id.
 * Damage is reported with {@link io.prolly.error.CorruptStoreException} or
 * {@link io.prolly.error.CorruptNodeException}, never as wrong bytes.
 *
 * <p>Thread-safe, as the SPI requires.
 */
final class FileNodeStore extends AbstractNodeStore {

  /**
   * The roots of one commit in one open MVStore; immutable pages, so they are a consistent view
   * for as long as needed.
   */
  record Roots(StoreFile file, RootReference<Hash, byte[]> nodes, RootReference<String, Hash> refs) {

    static Roots of(StoreFile file) {
      return new Roots(file, file.nodes.getRoot(), file.refs.getRoot());
    }
  }

  /** The fill rate, in percent, that {@link #compact()} rewrites the chunks up to. */
  private static final int COMPACT_FILL_RATE = 90;

  /** The bytes of live pages each round of {@link #compact()} rewrites. */
  private static final int COMPACT_WRITE = 16 * 1024 * 1024;

  private final Path file;
  private final FileSettings settings;
  private final StoreFailures failures;
  private final ReentrantLock commitLock = new ReentrantLock();
  private final Housekeeper housekeeper;

  private volatile Roots committed;
  // Guarded by commitLock. Replaced when MVStore closed itself after a failed write, see reopen().
  private StoreFile storeFile;
  private MVStore store;
  private long nodeCount;
  private long nodeBytes;
  private boolean unsynced;
  private long commits;

  private FileNodeStore(StoreConfig config, Path file, StoreFile storeFile, FileSettings settings,
      StoreFailures failures) {
    super(config);
    this.file = file;
    this.storeFile = storeFile;
    this.store = storeFile.store;
    this.settings = settings;
    this.failures = failures;
    this.nodeCount = storeFile.meta.get(StoreFile.NODE_COUNT_KEY);
    this.nodeBytes = storeFile.meta.get(StoreFile.NODE_BYTES_KEY);
    this.committed = Roots.of(storeFile);
    // Last: the housekeeper's first run, a second from now, sees every field above.
    this.housekeeper = new Housekeeper("prolly-file-housekeeper " + file, this::housekeep);
  }

  /**
   * Opens the store file of a configuration.
   *
   * @throws IllegalArgumentException if the location is not a usable file path
   * @throws ProllyException (or a subclass) if the file cannot be opened
   */
  static FileNodeStore open(StoreConfig config, FileSettings settings) {
    Path file = normalisedFile(config);
    StoreFailures failures = new StoreFailures(config.location());
    OpenFiles.claim(file, config.location());
    try {
      StoreFile storeFile = InterruptShield.call(() -> StoreFile.open(file, settings, failures));
      return new FileNodeStore(config, file, storeFile, settings, failures);
    } catch (RuntimeException e) {
      OpenFiles.release(file);
      throw e;
    }
  }

  private static Path normalisedFile(StoreConfig config) {
    Path path = config.path().toAbsolutePath().normalize();
    if (Files.isDirectory(path)) {
      throw new IllegalArgumentException("store location '" + config.location()
          + "' is a directory; the file backend keeps a store in one file, e.g. 'file:" + path.resolve("store.prolly")
          + "'");
    }
    Path parent = path.getParent();
    if (parent == null || path.getFileName() == null) {
      throw new IllegalArgumentException("store location '" + config.location() + "' names no file");
    }
    try {
      Files.createDirectories(parent);
      // The real path, so that two names of one file (links, "..") are one entry in OpenFiles.
      return Files.exists(path) ? path.toRealPath() : parent.toRealPath().resolve(path.getFileName());
    } catch (IOException e) {
      throw new ProllyException("cannot create the directory of store file '" + config.location() + "': " + e
          + "; check that the path is a writable directory", e);
    }
  }

  @Override
  protected Snapshot openSnapshot() {
    if (committed.file().store.isClosed()) {
      reopenAfterFailure();
    }
    while (true) {
      StoreFile file = committed.file();
      MVStore.TxCounter usage;
      try {
        usage = file.store.registerVersionUsage();
      } catch (RuntimeException e) {
        if (committed.file() != file) {
          continue;
        }
        throw failures.onRead(e);
      }
      // Read after registering: the version registered is at most the one of these roots.
      Roots roots = committed;
      if (roots.file() == file) {
        return new FileSnapshot(roots, usage, failures, settings.verifyNodes());
      }
      // Reopened meanwhile: the usage is one of the closed store, which needs no deregistering.
    }
  }

  @Override
  protected void apply(Changes changes) {
    commitLock.lock();
    try {
      InterruptShield.call(() -> {
        applyLocked(changes);
        return null;
      });
    } finally {
      commitLock.unlock();
    }
  }

  private void applyLocked(Changes changes) {
    if (store.isClosed()) {
      reopenAfterFailure();
    }
    checkRefs(changes);
    long versionBefore = store.getCurrentVersion();
    long count = nodeCount;
    long bytes = nodeBytes;
    boolean written;
    try {
      for (Map.Entry<Hash, byte[]> put : changes.puts().entrySet()) {
        if (storeFile.nodes.putIfAbsent(put.getKey(), put.getValue()) == null) {
          count++;
          bytes += put.getValue().length;
        }
      }
      for (Hash id : changes.deletes()) {
        byte[] old = storeFile.nodes.remove(id);
        if (old != null) {
          count--;
          bytes -= old.length;
        }
      }
      for (Map.Entry<String, RefChange> ref : changes.refs().entrySet()) {
        Hash value = ref.getValue().value();
        if (value == null) {
          storeFile.refs.remove(ref.getKey());
        } else {
          storeFile.refs.put(ref.getKey(), value);
        }
      }
      if (count != nodeCount || bytes != nodeBytes) {
        storeFile.meta.put(StoreFile.NODE_COUNT_KEY, count);
        storeFile.meta.put(StoreFile.NODE_BYTES_KEY, bytes);
      }
      // -1 when nothing changed, for example when every node was there already.
      written = store.commit() >= 0;
      if (!written && store.hasUnsavedChanges()) {
        // MVStore also answers -1 when another store operation runs; every one runs under
        // commitLock, so this means a bug, and the changes must not linger for a later commit.
        throw new IllegalStateException("MVStore did not commit the changes of a transaction");
      }
    } catch (RuntimeException | Error e) {
      RuntimeException failure = rollBack(e);
      if (!store.isClosed()) {
        throw failures.onWrite(failure);
      }
      recoverFromFailedWrite(failure, versionBefore, changes);
      // The commit reached the file whole before the failure; the reopened store holds it.
      count = nodeCount;
      bytes = nodeBytes;
      written = true;
    }
    nodeCount = count;
    nodeBytes = bytes;
    commits++;
    committed = Roots.of(storeFile);
    if (written) {
      makeDurable();
    }
  }

  /**
   * After a failed file write MVStore has closed itself for good: opens the file again, so that
   * the store stays usable, and returns if the commit is in the file after all (its chunk was
   * written whole before the failure, say while MVStore wrote the file header).
   *
   * @throws StorageFullException if nothing was committed and the file system is full
   * @throws ProllyException if nothing was committed for another reason, or the file cannot be
   *     opened again (then the commit may or may not be there, and the next operation tries again)
   */
  private void recoverFromFailedWrite(RuntimeException failure, long versionBefore, Changes changes) {
    try {
      reopenAfterFailure();
    } catch (RuntimeException reopenFailure) {
      failure.addSuppressed(reopenFailure);
      throw failures.onWriteNotReopened(failure);
    }
    if (store.getCurrentVersion() == versionBefore) {
      throw failures.onWriteRolledBack(failure, DiskSpace.ranOut(file, changes.putBytes(), failure));
    }
  }

  /**
   * Opens the file again after MVStore closed it. Only the holder of the commit lock may call it;
   * snapshots of the closed store fail from then on, new ones read the reopened store.
   *
   * @throws ProllyException (or a subclass) if the file cannot be opened
   */
  private void reopenAfterFailure() {
    commitLock.lock();
    try {
      if (!store.isClosed() || isClosed()) {
        return;
      }
      StoreFile reopened = InterruptShield.call(() -> StoreFile.open(file, settings, failures));
      storeFile = reopened;
      store = reopened.store;
      nodeCount = reopened.meta.get(StoreFile.NODE_COUNT_KEY);
      nodeBytes = reopened.meta.get(StoreFile.NODE_BYTES_KEY);
      committed = Roots.of(reopened);
    } finally {
      commitLock.unlock();
    }
  }

  private void checkRefs(Changes changes) {
    try {
      changes.checkRefs(storeFile.refs::get);
    } catch (ProllyException e) {
      throw e;
    } catch (RuntimeException e) {
      throw failures.onRead(e);
    }
  }

  private RuntimeException rollBack(Throwable failure) {
    try {
      store.rollback();
    } catch (RuntimeException rollbackFailure) {
      // After a failed write MVStore has closed itself and rethrows the same failure.
      if (rollbackFailure != failure) {
        failure.addSuppressed(rollbackFailure);
      }
    }
    if (failure instanceof Error) {
      throw (Error) failure;
    }
    return (RuntimeException) failure;
  }

  private void makeDurable() {
    if (settings.durability() == Durability.IMMEDIATE) {
      try {
        store.sync();
      } catch (RuntimeException e) {
        throw new ProllyException("the commit was written to store file '" + failures.location()
            + "' but could not be synced to disk (" + e.getMessage() + "); it is visible, but a crash of the machine"
            + " may lose it", e);
      }
    } else if (settings.durability() == Durability.EVENTUAL) {
      unsynced = true;
    }
  }

  /** Runs in the housekeeper's thread (and in tests): sync eventual commits, compact a sparse file. */
  void housekeep() {
    boolean syncNeeded;
    MVStore current;
    commitLock.lock();
    try {
      current = store;
      if (isClosed() || current.isClosed()) {
        // Closed after a failed write: the next operation opens it again.
        return;
      }
      syncNeeded = unsynced;
      unsynced = false;
      compactIfSparse();
    } finally {
      commitLock.unlock();
    }
    if (syncNeeded) {
      // Outside the lock, so commits need not wait for the disk.
      try {
        current.sync();
      } catch (RuntimeException e) {
        commitLock.lock();
        unsynced = true;
        commitLock.unlock();
        throw e;
      }
    }
  }

  private void compactIfSparse() {
    int fillRate = settings.autoCompactFillRate();
    if (fillRate > 0 && store.getFileStore().getChunksFillRate() < fillRate
        && store.compact(fillRate, 16 * 1024 * 1024)) {
      // Compaction moves pages and changes no data; the moved pages reach the file with this commit,
      // and are synced so that the chunks they left can be reused safely.
      store.commit();
      committed = Roots.of(storeFile);
      if (settings.durability() != Durability.NONE) {
        store.sync();
      }
    }
  }

  /**
   * Shrinks the file to about its live data: rewrites the live pages of sparse chunks into new
   * ones until the chunks are {@value #COMPACT_FILL_RATE} % full, then moves the chunks at the end
   * of the file into the free space before them and truncates it. (MVStore's own
   * {@code compactFile} does nothing here: it aims at the automatic fill rate, which is off, as
   * the housekeeper compacts instead.) Commits wait meanwhile; snapshots keep reading, since
   * MVStore never frees a chunk that a registered version still reaches. The chunks left behind
   * are freed at once for this (retention time 0, no extra versions kept), each step synced
   * before their space is reused; then the usual settings apply again.
   */
  @Override
  protected void compactStorage() {
    commitLock.lock();
    try {
      InterruptShield.call(() -> {
        if (store.isClosed()) {
          reopenAfterFailure();
        }
        int versionsToKeep = store.getVersionsToKeep();
        try {
          compactFile();
        } catch (RuntimeException e) {
          throw failures.onCompaction(e);
        } finally {
          if (!store.isClosed()) {
            store.setRetentionTime(settings.retentionMillis());
            store.setVersionsToKeep(versionsToKeep);
          }
        }
        committed = Roots.of(storeFile);
        return null;
      });
    } finally {
      commitLock.unlock();
    }
  }

  private void compactFile() {
    // MVStore keeps the chunks of its last few versions for its own time travel, which Prolly
    // does not use: snapshots register their versions, and those stay protected.
    store.setVersionsToKeep(0);
    store.setRetentionTime(0);
    FileStore<?> fileStore = store.getFileStore();
    // Each round rewrites at most COMPACT_WRITE bytes of live pages, so this bounds the rounds
    // even if the fill rate cannot reach the target (chunks an open snapshot keeps).
    long rounds = fileStore.size() / COMPACT_WRITE + 2;
    while (rounds-- > 0 && store.compact(COMPACT_FILL_RATE, COMPACT_WRITE)) {
      store.commit();
      store.sync();
    }
    if (fileStore instanceof RandomAccessStore file) {
      file.compactMoveChunks(100, Long.MAX_VALUE, store);
    }
    store.commit();
    store.sync();
  }

  @Override
  protected StoreStats computeStats() {
    long count;
    long bytes;
    long commitCount;
    Roots roots;
    MVStore current;
    commitLock.lock();
    try {
      current = store;
      count = nodeCount;
      bytes = nodeBytes;
      commitCount = commits;
      roots = committed;
    } finally {
      commitLock.unlock();
    }
    try {
      FileStore<?> fileStore = current.getFileStore();
      long chunks = fileStore.getLayoutMap().keySet().stream().filter(key -> key.startsWith("chunk.")).count();
      return StoreStats.of(count, bytes, roots.refs().getTotalCount(), fileStore.size())
          .withFigure("commits", commitCount)
          .withFigure("fillRate", fileStore.getFillRate())
          .withFigure("chunksFillRate", fileStore.getChunksFillRate())
          .withFigure("chunkCount", chunks)
          .withFigure("cacheSizeBytes", (long) fileStore.getCacheSize() * 1024 * 1024)
          .withFigure("cacheUsedBytes", (long) fileStore.getCacheSizeUsed() * 1024 * 1024)
          .withFigure("cacheHitRatio", fileStore.getCacheHitRatio())
          .withFigure("fileReads", fileStore.getReadCount())
          .withFigure("fileWrites", fileStore.getWriteCount())
          .withFigure("version", current.getCurrentVersion());
    } catch (RuntimeException e) {
      throw failures.onRead(e);
    }
  }

  @Override
  protected void closeStorage() {
    try {
      housekeeper.stop();
      commitLock.lock();
      try {
        // Writes the clean-shutdown mark and syncs: what every durability level promises at close.
        InterruptShield.call(() -> {
          store.close();
          return null;
        });
      } catch (RuntimeException e) {
        store.closeImmediately();
        throw new ProllyException("store file '" + failures.location() + "' could not be closed cleanly ("
            + e.getMessage() + "); committed data is safe, MVStore recovers it on the next open", e);
      } finally {
        commitLock.unlock();
      }
    } finally {
      OpenFiles.release(file);
    }
  }
}

package io.prolly.backend.lmdb;

import io.prolly.error.CorruptStoreException;
import io.prolly.error.ProllyException;
import io.prolly.error.StorageFullException;
import io.prolly.spi.Durability;
import io.prolly.spi.support.DiskSpace;
import io.prolly.spi.support.StoreDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.CopyFlags;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvInfo;
import org.lmdbjava.LmdbException;
import org.lmdbjava.LmdbNativeException;
import org.lmdbjava.Stat;
import org.lmdbjava.Txn;

/**
 * An open LMDB environment with the store's three databases, and the map lock that makes growing
 * the map safe.
 *
 * <p>{@code mdb_env_set_mapsize} unmaps and maps the data file again. LMDB leaves it to the
 * caller to make sure nothing uses the old mapping meanwhile, and checks only that no write
 * transaction is open. Our read transactions may stay open across a remap: an LMDB read
 * transaction keeps no pointer into the map between calls (it finds pages through the
 * environment's current mapping at each call), and the byte-array proxy copies every key and
 * value out of the map before a call returns. What must not happen is a call running during the
 * remap, or a cursor living across it. So every native call that reads the map runs under the
 * shared side of {@link #mapLock}, no cursor outlives such a call, and {@link #grow} takes the
 * exclusive side. The write transaction needs no share: only the committing thread, holding the
 * store's commit lock, writes or grows, and it grows only after its write transaction ended.
 *
 * <p>Thread-safe.
 */
final class LmdbEnvironment implements AutoCloseable {

  /** LMDB's data file. */
  static final String DATA_FILE = "data.mdb";
  /**
   * The directory in which {@link #compact()} writes the compacted copy of the data file; a crash
   * may leave it behind, and opening removes it.
   */
  static final String COMPACTING_DIRECTORY = "compacting";
  /** LMDB's own lock file, for its reader table. */
  static final String LMDB_LOCK_FILE = "lock.mdb";
  /** Everything an LMDB store's directory may hold. */
  private static final Set<String> OUR_FILES = Set.of(DATA_FILE, LMDB_LOCK_FILE, DirectoryLock.FILE_NAME,
      COMPACTING_DIRECTORY);

  private static final String NODES = "nodes";
  private static final String REFS = "refs";
  private static final String META = "meta";
  private static final String TAILS = "tails";
  private static final long GROWTH_UNIT = 1L << 20;
  /** The errno of a full file system, the same number on Linux, macOS and the BSDs. */
  private static final int ENOSPC = 28;
  /** What LMDB returns for a write the system cut short, as it does when the disk fills up mid-write. */
  private static final int EIO = 5;

  // Replaced only by compact(), under the exclusive side of the map lock, with no transaction open.
  private volatile Env<byte[]> env;
  private final StoreDirectory directory;
  private final LmdbSettings settings;
  private volatile NodeTable nodes;
  private volatile RefTable refs;
  private volatile StoreMeta meta;
  private final ReadWriteLock mapLock = new ReentrantReadWriteLock();
  /** Read transactions begun and not ended; changed under the shared side of the map lock. */
  private final Set<Txn<byte[]>> openReaders = ConcurrentHashMap.newKeySet();
  private volatile long growths;
  /** The data file's state after the open or this environment's last commit; null if unknown. */
  private volatile @Nullable CheckedState ownState;
  /** Whether LMDB met a damaged page: then no state is vouched for at close. */
  private volatile boolean damageSeen;
  /** The pages the open's structure check read: 0 if it found the file unchanged. */
  private int openCheckPages;

  private LmdbEnvironment(Env<byte[]> env, StoreDirectory directory, LmdbSettings settings, NodeTable nodes,
      Dbi<byte[]> refs, StoreMeta meta) {
    this.env = env;
    this.directory = directory;
    this.settings = settings;
    this.nodes = nodes;
    this.refs = new RefTable(refs, directory.location());
    this.meta = meta;
  }

  /**
   * Checks that the directory holds no file an LMDB store does not write. Called before the
   * store's lock file is created, so that a foreign directory is refused as it was found.
   *
   * @throws CorruptStoreException naming the foreign files
   */
  static void requireOnlyStoreFiles(StoreDirectory directory) {
    directory.requireOnly(OUR_FILES::contains);
  }

  /**
   * Opens the environment in a locked directory that {@linkplain #requireOnlyStoreFiles holds
   * only store files}, creating and marking it if it is new.
   *
   * @param checked the data file's state when the store was last closed, or null if none was
   *     recorded: with {@code checkOnOpen=changed}, a file still in that state is not walked again
   * @throws CorruptStoreException if the directory holds a damaged or foreign environment
   * @throws ProllyException if LMDB cannot open it for another reason
   */
  static LmdbEnvironment open(StoreDirectory directory, LmdbSettings settings, @Nullable CheckedState checked) {
    Path dataFile = directory.path().resolve(DATA_FILE);
    // A compaction that did not finish: the data file is the one from before it began.
    removeCompactionCopy(directory);
    boolean existed = Files.exists(dataFile);
    boolean unchanged = settings.checkOnOpen() == LmdbOpenCheck.CHANGED && checked != null
        && checked.equals(CheckedState.of(dataFile));
    int checkedPages = 0;
    if (existed && !unchanged) {
      // Before LMDB maps the file: damage it would follow blindly could crash the process.
      checkedPages = PageStructureCheck.run(dataFile, directory.location());
    }
    Env<byte[]> env = openEnv(directory, settings);
    try {
      LmdbEnvironment environment = existed ? attach(env, directory, settings) : create(env, directory, settings);
      environment.ownState = CheckedState.of(dataFile);
      environment.openCheckPages = checkedPages;
      return environment;
    } catch (LmdbException e) {
      env.close();
      throw failure("opening", directory, e);
    } catch (RuntimeException e) {
      env.close();
      throw e;
    }
  }

  private static Env<byte[]> openEnv(StoreDirectory directory, LmdbSettings settings) {
    try {
      return Env.create(ByteArrayProxy.PROXY_BA)
          .setMapSize(settings.mapSize())
          .setMaxDbs(4)
          .setMaxReaders(settings.maxReaders())
          .open(directory.path().toFile(), settings.envFlags());
    } catch (Env.FileInvalidException | Env.VersionMismatchException e) {
      throw new CorruptStoreException(directory.location(), "LMDB store '" + directory.location()
          + "' cannot be opened: " + directory.path().resolve(DATA_FILE)
          + " is not an LMDB data file of a version this library reads (" + e.getMessage() + ")", e);
    } catch (LmdbException e) {
      throw new ProllyException("cannot open LMDB store '" + directory.location() + "': " + e.getMessage(), e);
    }
  }

  private static LmdbEnvironment create(Env<byte[]> env, StoreDirectory directory, LmdbSettings settings) {
    // All four databases and the format marker in one transaction: a crash leaves no half store.
    try (Txn<byte[]> txn = env.txnWrite()) {
      Dbi<byte[]> nodes = env.openDbi(txn, bytes(NODES), null, false, DbiFlags.MDB_CREATE);
      Dbi<byte[]> tails = env.openDbi(txn, bytes(TAILS), null, false, DbiFlags.MDB_CREATE);
      Dbi<byte[]> refs = env.openDbi(txn, bytes(REFS), null, false, DbiFlags.MDB_CREATE);
      StoreMeta meta = new StoreMeta(env.openDbi(txn, bytes(META), null, false, DbiFlags.MDB_CREATE),
          directory.location());
      NodeLayout layout = NodeLayout.forPageSize(nodes.stat(txn).pageSize);
      meta.initialise(txn, layout);
      txn.commit();
      return new LmdbEnvironment(env, directory, settings, new NodeTable(nodes, tails, layout), refs, meta);
    }
  }

  private static LmdbEnvironment attach(Env<byte[]> env, StoreDirectory directory, LmdbSettings settings) {
    Set<String> names = env.getDbiNames().stream()
        .map(name -> new String(name, StandardCharsets.UTF_8))
        .collect(Collectors.toSet());
    if (names.isEmpty()) {
      // The data file exists but the creating transaction never committed.
      return create(env, directory, settings);
    }
    if (!names.containsAll(List.of(NODES, REFS, META))) {
      throw new CorruptStoreException(directory.location(), "LMDB store '" + directory.location()
          + "' cannot be opened: it is an LMDB environment but not one written by Prolly (it has no '"
          + META + "', '" + NODES + "' and '" + REFS + "' databases); open it with the program that wrote it", null);
    }
    try (Txn<byte[]> txn = env.txnWrite()) {
      Dbi<byte[]> nodeDbi = env.openDbi(txn, bytes(NODES), null, false);
      Dbi<byte[]> refs = env.openDbi(txn, bytes(REFS), null, false);
      StoreMeta meta = new StoreMeta(env.openDbi(txn, bytes(META), null, false), directory.location());
      NodeLayout layout;
      Dbi<byte[]> tails;
      if (meta.check(txn) == StoreMeta.UPGRADABLE_VERSION) {
        // Every node of the previous version is whole, which reads the same in this layout.
        tails = env.openDbi(txn, bytes(TAILS), null, false, DbiFlags.MDB_CREATE);
        layout = NodeLayout.forPageSize(nodeDbi.stat(txn).pageSize);
        meta.upgrade(txn, layout);
      } else if (!names.contains(TAILS)) {
        throw StoreDamage.found(directory.location(), "it has no '" + TAILS + "' database");
      } else {
        tails = env.openDbi(txn, bytes(TAILS), null, false);
        layout = meta.layout(txn);
      }
      NodeTable nodes = new NodeTable(nodeDbi, tails, layout);
      if (settings.checkOnOpen() == LmdbOpenCheck.FULL) {
        checkContents(txn, nodes, new RefTable(refs, directory.location()), meta, directory.location());
      }
      txn.commit();
      return new LmdbEnvironment(env, directory, settings, nodes, refs, meta);
    }
  }

  /**
   * Reads the whole store: every node against its key, the node totals against the nodes, every
   * ref against its checksum and key.
   */
  private static void checkContents(Txn<byte[]> txn, NodeTable nodes, RefTable refs, StoreMeta meta,
      String location) {
    NodeTotals counted = nodes.checkAll(txn, location);
    NodeTotals recorded = meta.totals(txn);
    if (!counted.equals(recorded)) {
      throw StoreDamage.found(location, "it holds " + counted.count() + " nodes of " + counted.bytes()
          + " bytes, but its totals record " + recorded.count() + " nodes of " + recorded.bytes() + " bytes");
    }
    refs.list(txn, "");
  }

  NodeTable nodes() {
    return nodes;
  }

  RefTable refs() {
    return refs;
  }

  StoreMeta meta() {
    return meta;
  }

  StoreDirectory directory() {
    return directory;
  }

  long growths() {
    return growths;
  }

  int openCheckPages() {
    return openCheckPages;
  }

  /**
   * Runs a read of the map while the map cannot move. The body must not call user code.
   *
   * @throws CorruptStoreException if LMDB finds a damaged page
   * @throws ProllyException if LMDB fails otherwise
   */
  <T> T read(Supplier<T> body) {
    Lock shared = mapLock.readLock();
    shared.lock();
    try {
      return body.get();
    } catch (Env.ReadersFullException e) {
      throw new ProllyException("LMDB store '" + directory.location() + "' has all its " + settings.maxReaders()
          + " reader slots taken: that many transactions are open. Close transactions promptly"
          + " (try-with-resources), or raise the 'maxReaders' option", e);
    } catch (LmdbException e) {
      ProllyException failure = failure("reading", directory, e);
      damageSeen |= failure instanceof CorruptStoreException;
      throw failure;
    } finally {
      shared.unlock();
    }
  }

  /**
   * The exception for a failure of LMDB: {@link CorruptStoreException} for the errors LMDB
   * raises when it meets a damaged page, {@link ProllyException} for the others.
   */
  private static ProllyException failure(String what, StoreDirectory directory, LmdbException e) {
    if (e instanceof LmdbNativeException.PageCorruptedException || e instanceof LmdbNativeException.PageNotFoundException
        || e instanceof LmdbNativeException.PanicException || e instanceof Dbi.IncompatibleException) {
      return new CorruptStoreException(directory.location(), "LMDB store '" + directory.location()
          + "' is damaged: " + e.getMessage() + " (while " + what + " it). Restore it from a backup", e);
    }
    return new ProllyException(what + " LMDB store '" + directory.location() + "' failed: " + e.getMessage(), e);
  }

  /**
   * Begins a read transaction, which holds a reader slot until {@link #end(Txn)}.
   *
   * @throws ProllyException if every reader slot is taken
   */
  Txn<byte[]> beginRead() {
    return read(() -> {
      Txn<byte[]> txn = env.txnRead();
      openReaders.add(txn);
      return txn;
    });
  }

  /** Ends a read transaction and frees its reader slot. */
  void end(Txn<byte[]> txn) {
    read(() -> {
      txn.close();
      openReaders.remove(txn);
      return null;
    });
  }

  /**
   * Runs one write transaction and commits it. Only the holder of the store's commit lock may
   * call it.
   *
   * @param body writes the changes
   * @param bytesNeeded about how many bytes the changes take, to tell a full disk from other
   *     failures
   *
   * @throws Env.MapFullException if the changes do not fit in the map; nothing was written, and
   *     the caller may {@link #grow} the map and try again
   * @throws StorageFullException if the file system has no space for the changes; nothing was
   *     written, and the environment stays usable
   * @throws ProllyException if LMDB fails otherwise; nothing was written
   */
  void write(Consumer<Txn<byte[]>> body, long bytesNeeded) {
    try (Txn<byte[]> txn = env.txnWrite()) {
      body.accept(txn);
      txn.commit();
      ownState = CheckedState.of(directory.path().resolve(DATA_FILE));
    } catch (Env.MapFullException e) {
      throw e;
    } catch (LmdbException e) {
      // LMDB writes a commit's pages before its meta page; when the disk is full the pages fail,
      // LMDB aborts the commit, and the last commit stays the last one. A write the disk cut
      // short comes back as EIO, not ENOSPC.
      int code = e instanceof LmdbNativeException ? ((LmdbNativeException) e).getResultCode() : 0;
      if (code == ENOSPC || code == EIO && DiskSpace.ranOut(directory.path(), bytesNeeded, e)) {
        throw new StorageFullException(directory.location(), "commit to LMDB store '" + directory.location()
            + "' failed, nothing was written: the file system is full (" + e.getMessage() + "). Free disk space,"
            + " then commit again; everything committed before is intact and readable", e);
      }
      throw new ProllyException("commit to LMDB store '" + directory.location() + "' failed, nothing was written: "
          + e.getMessage(), e);
    }
  }

  /**
   * Makes the map larger by at least {@code needed} bytes: double it, or more for a commit larger
   * than the map. Only the holder of the commit lock may call it, with no write transaction open.
   *
   * @throws ProllyException if the system cannot map a larger file
   */
  void grow(long needed) {
    Lock exclusive = mapLock.writeLock();
    exclusive.lock();
    try {
      long current = env.info().mapSize;
      // Twice the payload leaves room for the B+tree pages and the pages copied on write.
      long step = Math.max(current, 2 * needed);
      long next = (current + step + GROWTH_UNIT - 1) / GROWTH_UNIT * GROWTH_UNIT;
      try {
        env.setMapSize(next);
      } catch (LmdbException e) {
        throw new ProllyException("LMDB store '" + directory.location() + "' is full at " + current
            + " bytes and its map cannot grow to " + next + " bytes: " + e.getMessage()
            + "; free disk or address space, or delete unreachable nodes", e);
      }
      growths++;
    } finally {
      exclusive.unlock();
    }
  }

  EnvInfo info() {
    return read(env::info);
  }

  /**
   * Returns the data file's state, once {@linkplain #close() closed}, if its page structure is
   * known good: it was checked (or found unchanged) at the open, and since then only this
   * environment's commits changed the file, and LMDB met no damaged page.
   *
   * @return the state, or null if it cannot be vouched for
   */
  @Nullable CheckedState checkedStateAfterClose() {
    CheckedState own = ownState;
    if (damageSeen || own == null) {
      return null;
    }
    return own.equals(CheckedState.of(directory.path().resolve(DATA_FILE))) ? own : null;
  }

  /**
   * Gives the free pages of the data file back to the file system, if at least an eighth of the
   * file is free and no transaction is open: LMDB writes a compacted copy of the environment
   * (free pages left out, the rest renumbered), which then replaces the data file. LMDB reuses
   * free pages by itself but never shrinks its file. Only the holder of the commit lock may call
   * it, so that the copy holds every commit.
   *
   * <p>Reads go on while the copy is written; for the swap, which closes the environment and
   * opens the copy in its place, they wait. A transaction open at that moment holds LMDB pages of
   * the old file, so then the copy is dropped and the file stays as it was. The copy is synced
   * before it replaces the data file by an atomic rename, and the rename before anything is
   * written to the new file: a crash at any point leaves either file whole.
   *
   * @return whether the data file was replaced by its compacted copy
   * @throws StorageFullException if the file system has no room for the copy; the store is as it was
   * @throws ProllyException if the copy, the rename or opening the copy fails
   */
  boolean compact() {
    if (!worthCompacting()) {
      return false;
    }
    Path copyDirectory = directory.path().resolve(COMPACTING_DIRECTORY);
    try {
      Files.createDirectory(copyDirectory);
      try {
        read(() -> {
          env.copy(copyDirectory.toFile(), CopyFlags.MDB_CP_COMPACT);
          return null;
        });
      } catch (ProllyException e) {
        long live = directory.sizeOnDisk();
        if (DiskSpace.ranOut(directory.path(), live, e)) {
          throw new StorageFullException(directory.location(), "compacting LMDB store '" + directory.location()
              + "' needs room for a copy of its live pages, and the file system is full (" + e.getMessage()
              + "). The store is as it was; free disk space, then compact again", e);
        }
        throw e;
      }
      Path copy = copyDirectory.resolve(DATA_FILE);
      sync(copy);
      return swapIn(copy);
    } catch (IOException e) {
      throw new ProllyException("compacting LMDB store '" + directory.location() + "' failed, the store is as it"
          + " was: " + e.getMessage(), e);
    } finally {
      removeCompactionCopy(directory);
    }
  }

  /** Whether an eighth of the data file, or more, is free pages. */
  private boolean worthCompacting() {
    return read(() -> {
      try (Txn<byte[]> txn = env.txnRead()) {
        long used = 2 + pages(env.stat()) + pages(nodes.stat(txn)) + pages(nodes.tailStat(txn))
            + pages(refs.stat(txn));
        long inFile = Files.size(directory.path().resolve(DATA_FILE)) / env.stat().pageSize;
        return (inFile - used) * 8 >= inFile;
      } catch (IOException e) {
        throw new ProllyException("cannot read the size of LMDB store '" + directory.location() + "': "
            + e.getMessage(), e);
      }
    });
  }

  private static long pages(Stat stat) {
    return stat.branchPages + stat.leafPages + stat.overflowPages;
  }

  private boolean swapIn(Path copy) throws IOException {
    Lock exclusive = mapLock.writeLock();
    exclusive.lock();
    try {
      if (!openReaders.isEmpty()) {
        return false;
      }
      long mapSize = env.info().mapSize;
      env.close();
      Path dataFile = directory.path().resolve(DATA_FILE);
      try {
        Files.move(copy, dataFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        sync(directory.path());
      } finally {
        // The compacted copy, or the old file if the rename failed: either holds every commit.
        adopt(open(directory, settings.forCompactedCopy(mapSize), null));
      }
      return true;
    } finally {
      exclusive.unlock();
    }
  }

  private void adopt(LmdbEnvironment reopened) {
    env = reopened.env;
    nodes = reopened.nodes;
    refs = reopened.refs;
    meta = reopened.meta;
    // The copy was walked at its open: its state is vouched for like an opened file's.
    ownState = reopened.ownState;
  }

  private static void sync(Path path) throws IOException {
    // A directory opens for reading; forcing it makes a rename in it durable.
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private static void removeCompactionCopy(StoreDirectory directory) {
    Path copyDirectory = directory.path().resolve(COMPACTING_DIRECTORY);
    try {
      Files.deleteIfExists(copyDirectory.resolve(DATA_FILE));
      Files.deleteIfExists(copyDirectory.resolve(LMDB_LOCK_FILE));
      Files.deleteIfExists(copyDirectory);
    } catch (IOException e) {
      throw new ProllyException("cannot remove " + copyDirectory + ", what is left of a compaction of LMDB store '"
          + directory.location() + "': " + e.getMessage() + "; remove it by hand", e);
    }
  }

  /** Syncs what the durability left unsynced, and closes the environment. */
  @Override
  public void close() {
    try {
      if (settings.durability() != Durability.IMMEDIATE) {
        env.sync(true);
      }
    } catch (LmdbException e) {
      throw new ProllyException("syncing LMDB store '" + directory.location() + "' at close failed; the latest"
          + " commits may not be on stable storage: " + e.getMessage(), e);
    } finally {
      env.close();
    }
  }

  private static byte[] bytes(String name) {
    return name.getBytes(StandardCharsets.UTF_8);
  }
}

package io.prolly.backend.file;

import io.prolly.error.ProllyException;
import io.prolly.spi.Hash;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * One open MVStore file with the three maps of a Prolly store, checked on open.
 *
 * <p>Layout: map {@value #NODES} (node id to bytes), map {@value #REFS} (ref name to node id) and
 * map {@value #META} (format number and the exact node counters). Every page of these maps
 * carries a CRC32C ({@link ChecksummedType}). The format number is written when the file is
 * created and checked on every open, so a foreign MVStore file is refused.
 */
final class StoreFile {

  static final String NODES = "prolly.nodes";
  static final String REFS = "prolly.refs";
  static final String META = "prolly.meta";

  static final String FORMAT_KEY = "format";
  static final String NODE_COUNT_KEY = "nodeCount";
  static final String NODE_BYTES_KEY = "nodeBytes";

  /** The layout described above. Bump it, and read the old one, when the layout changes. */
  static final long FORMAT = 1;

  final MVStore store;
  final MVMap<Hash, byte[]> nodes;
  final MVMap<String, Hash> refs;
  final MVMap<String, Long> meta;

  private StoreFile(MVStore store) {
    this.store = store;
    this.nodes = store.openMap(NODES, new MVMap.Builder<Hash, byte[]>()
        .keyType(new ChecksummedType<>(Codecs.HASH)).valueType(new ChecksummedType<>(Codecs.BYTES)));
    this.refs = store.openMap(REFS, new MVMap.Builder<String, Hash>()
        .keyType(new ChecksummedType<>(Codecs.TEXT)).valueType(new ChecksummedType<>(Codecs.HASH)));
    this.meta = store.openMap(META, new MVMap.Builder<String, Long>()
        .keyType(new ChecksummedType<>(Codecs.TEXT)).valueType(new ChecksummedType<>(Codecs.NUMBER)));
  }

  /**
   * Opens or creates the file and checks that it is a Prolly store file in good order.
   *
   * @throws io.prolly.error.ProllyException (or a subclass) for every failure; nothing stays open then
   */
  static StoreFile open(Path file, FileSettings settings, StoreFailures failures) {
    boolean existed = Files.exists(file);
    MVStore store;
    try {
      MVStore.Builder builder = new MVStore.Builder()
          .fileName(file.toString())
          // Prolly commits itself, under its own lock; an automatic commit could persist half a transaction.
          .autoCommitDisabled()
          .cacheSize(settings.cacheMiB());
      if (settings.compress()) {
        builder.compress();
      }
      store = builder.open();
      store.setRetentionTime(settings.retentionMillis());
    } catch (RuntimeException e) {
      throw failures.onOpen(e);
    }
    try {
      if (existed) {
        checkNothingLostSinceCleanClose(store, failures);
      }
      // A file without any map is one whose creation was cut short (or an empty file): start it afresh.
      return existed && !store.getMapNames().isEmpty() ? check(store, failures) : create(store);
    } catch (RuntimeException e) {
      store.closeImmediately();
      throw failures.onOpen(e);
    }
  }

  private static StoreFile create(MVStore store) {
    StoreFile created = new StoreFile(store);
    created.meta.put(FORMAT_KEY, FORMAT);
    created.meta.put(NODE_COUNT_KEY, 0L);
    created.meta.put(NODE_BYTES_KEY, 0L);
    store.commit();
    store.sync();
    return created;
  }

  private static StoreFile check(MVStore store, StoreFailures failures) {
    if (!store.hasMap(META)) {
      throw failures.notAStoreFile("it is an MVStore file without the '" + META + "' map", null);
    }
    StoreFile opened = new StoreFile(store);
    Long format = opened.meta.get(FORMAT_KEY);
    if (format == null || format != FORMAT) {
      throw failures.corrupt("its format number is " + format + ", this version of Prolly reads format " + FORMAT
          + "; open it with the Prolly version that wrote it", null);
    }
    Long nodeCount = opened.meta.get(NODE_COUNT_KEY);
    Long nodeBytes = opened.meta.get(NODE_BYTES_KEY);
    if (nodeCount == null || nodeBytes == null || nodeCount < 0 || nodeBytes < 0
        || nodeCount != opened.nodes.sizeAsLong()) {
      throw failures.corrupt("its node counters (" + nodeCount + " nodes, " + nodeBytes + " bytes) disagree with its "
          + opened.nodes.sizeAsLong() + " stored nodes", null);
    }
    return opened;
  }

  /**
   * After a clean close, MVStore's file header names the last version written. If the file now
   * yields an older version, MVStore fell back to older chunks because newer ones are missing or
   * damaged (a truncated file, for example): refuse it instead of silently serving old data.
   * After a crash no such check is possible or needed: the header may legitimately be older than
   * the last complete chunk, and MVStore recovers the latest complete version.
   */
  private static void checkNothingLostSinceCleanClose(MVStore store, StoreFailures failures) {
    Object cleanFlag = store.getStoreHeader().get("clean");
    boolean clean = cleanFlag != null && !cleanFlag.toString().equals("0");
    long headerVersion = DataUtils.readHexLong(store.getStoreHeader(), "version", 0);
    if (clean && store.getCurrentVersion() != headerVersion) {
      throw failures.corrupt("it was closed cleanly at version " + headerVersion + " but only version "
          + store.getCurrentVersion() + " can be read; part of the file is missing or damaged", null);
    }
  }
}

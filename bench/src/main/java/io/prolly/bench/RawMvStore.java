package io.prolly.bench;

import io.prolly.spi.Durability;
import java.nio.file.Path;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RootReference;
import org.h2.mvstore.type.ByteArrayDataType;
import org.jspecify.annotations.Nullable;

/**
 * H2 MVStore used directly, opened as {@code backend-file} opens it: automatic commits off, a
 * 16 MiB page cache, no compression, the same chunk retention. Every commit writes a chunk;
 * {@code IMMEDIATE} syncs it before returning.
 *
 * <p>Where it differs from the backend, by design (these are the backend's own costs): no CRC32C
 * per page, no node counters in a meta map, no snapshot registration against chunk reuse, no
 * interrupt shield. And {@code EVENTUAL} never syncs here, while the backend syncs once a second
 * from a background thread.
 */
final class RawMvStore implements RawEngine {

  // The backend's defaults (FileBackendProvider.CACHE_SIZE, FileSettings.DEFAULT_RETENTION_MILLIS).
  private static final int CACHE_MIB = 16;
  private static final int RETENTION_MILLIS = 45_000;

  private final MVStore store;
  private final MVMap<byte[], byte[]> nodes;
  private final MVMap<byte[], byte[]> refs;
  private final boolean sync;

  RawMvStore(Path file, Durability durability) {
    store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().cacheSize(CACHE_MIB).open();
    store.setRetentionTime(RETENTION_MILLIS);
    nodes = store.openMap("nodes", bytesToBytes());
    refs = store.openMap("refs", bytesToBytes());
    sync = durability == Durability.IMMEDIATE;
  }

  private static MVMap.Builder<byte[], byte[]> bytesToBytes() {
    return new MVMap.Builder<byte[], byte[]>().keyType(ByteArrayDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE);
  }

  @Override
  public void writeBatch(byte[][] ids, byte[][] batch) {
    for (int i = 0; i < ids.length; i++) {
      nodes.putIfAbsent(ids[i], batch[i]);
    }
    commit();
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
    nodes.putIfAbsent(id, node);
    refs.get(refName);
    refs.put(refName, id);
    commit();
  }

  private void commit() {
    store.commit();
    if (sync) {
      store.sync();
    }
  }

  @Override
  public void close() {
    store.close();
  }
}

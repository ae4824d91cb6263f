package io.prolly.bench;

import io.prolly.spi.Durability;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.PutFlags;
import org.lmdbjava.Txn;

/**
 * LMDB through lmdbjava used directly, opened as {@code backend-lmdb} opens it: the byte-array
 * proxy, a 1 GiB initial map that doubles when full, 512 reader slots, {@code MDB_NOTLS}, and
 * {@code MDB_NOMETASYNC} for {@code EVENTUAL}; nodes are put with {@code MDB_NOOVERWRITE}.
 *
 * <p>Where it differs from the backend, by design (these are the backend's own costs): no node
 * totals in a meta database, no lock around each read for safe map growth, no hash check of the
 * nodes read, no directory lock.
 */
final class RawLmdb implements RawEngine {

  // The backend's defaults (LmdbBackendProvider.MAP_SIZE, MAX_READERS).
  private static final long MAP_SIZE = 1L << 30;
  private static final int MAX_READERS = 512;

  private final Env<byte[]> env;
  private final Dbi<byte[]> nodes;
  private final Dbi<byte[]> refs;
  private final boolean syncAtClose;

  RawLmdb(Path directory, Durability durability) {
    Set<EnvFlags> flags = EnumSet.of(EnvFlags.MDB_NOTLS);
    if (durability == Durability.EVENTUAL) {
      flags.add(EnvFlags.MDB_NOMETASYNC);
    } else if (durability == Durability.NONE) {
      flags.add(EnvFlags.MDB_NOSYNC);
    }
    env = Env.create(ByteArrayProxy.PROXY_BA)
        .setMapSize(MAP_SIZE)
        .setMaxDbs(3)
        .setMaxReaders(MAX_READERS)
        .open(directory.toFile(), flags.toArray(new EnvFlags[0]));
    nodes = env.openDbi("nodes".getBytes(StandardCharsets.UTF_8), null, false, DbiFlags.MDB_CREATE);
    refs = env.openDbi("refs".getBytes(StandardCharsets.UTF_8), null, false, DbiFlags.MDB_CREATE);
    syncAtClose = durability != Durability.IMMEDIATE;
  }

  @Override
  public void writeBatch(byte[][] ids, byte[][] batch) {
    write(txn -> {
      for (int i = 0; i < ids.length; i++) {
        nodes.put(txn, ids[i], batch[i], PutFlags.MDB_NOOVERWRITE);
      }
    });
  }

  @Override
  public RawReader beginRead() {
    Txn<byte[]> txn = env.txnRead();
    return new RawReader() {
      @Override
      public byte @Nullable [] get(byte[] id) {
        return nodes.get(txn, id);
      }

      @Override
      public void close() {
        txn.close();
      }
    };
  }

  @Override
  public void commitNodeAndRef(byte[] id, byte[] node, byte[] refName) {
    write(txn -> {
      nodes.put(txn, id, node, PutFlags.MDB_NOOVERWRITE);
      refs.get(txn, refName);
      refs.put(txn, refName, id);
    });
  }

  /** Runs and commits one write transaction; when the map is full, doubles it and runs it again, as the backend does. */
  private void write(Consumer<Txn<byte[]>> body) {
    while (true) {
      try (Txn<byte[]> txn = env.txnWrite()) {
        body.accept(txn);
        txn.commit();
        return;
      } catch (Env.MapFullException full) {
        env.setMapSize(2 * env.info().mapSize);
      }
    }
  }

  @Override
  public void close() {
    try {
      if (syncAtClose) {
        env.sync(true);
      }
    } finally {
      env.close();
    }
  }
}

package io.prolly.backend.rocksdb;

import io.prolly.spi.Hash;
import io.prolly.spi.support.Snapshot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;

/**
 * A snapshot that is a RocksDB snapshot read through its own {@link ReadOptions}. Both native
 * objects are released by {@link #close()}, the read options first, or by the environment when
 * it is retired; iterators live only inside one call. Every call runs through
 * {@link RocksDbEnvironment#read}, so none meets a closed database.
 */
final class RocksDbSnapshot implements Snapshot {

  private static final byte[] NO_BYTES = new byte[0];
  private static final int NODE_BATCH = 4096;

  private final RocksDbEnvironment environment;
  private final RocksDB db;
  private final org.rocksdb.Snapshot snapshot;
  private final ReadOptions readOptions;

  /** Only {@link RocksDbEnvironment#openSnapshot()} creates one, while the environment cannot be retired. */
  RocksDbSnapshot(RocksDbEnvironment environment) {
    this.environment = environment;
    this.db = environment.db();
    this.snapshot = db.getSnapshot();
    // Checksums on (RocksDB's default, made explicit): a damaged block must fail the read with
    // Corruption rather than return its bytes.
    this.readOptions = new ReadOptions().setSnapshot(snapshot).setVerifyChecksums(true);
  }

  @Override
  public byte @Nullable [] get(Hash id) {
    return environment.read("reading a node of", () -> db.get(environment.nodes(), readOptions, id.toBytes()));
  }

  @Override
  public boolean contains(Hash id) {
    // An empty buffer: RocksDB reports the value's length without copying the value.
    return environment.read("reading a node of",
        () -> db.get(environment.nodes(), readOptions, id.toBytes(), NO_BYTES) != RocksDB.NOT_FOUND);
  }

  @Override
  public @Nullable Hash ref(String name) {
    byte[] value = environment.read("reading a ref of",
        () -> db.get(environment.refs(), readOptions, name.getBytes(StandardCharsets.UTF_8)));
    return value == null ? null : Hash.fromBytes(value);
  }

  @Override
  public SortedMap<String, Hash> refs(String prefix) {
    byte[] bytes = prefix.getBytes(StandardCharsets.UTF_8);
    // A lone surrogate has no UTF-8 form to seek to: scan all refs and filter by name.
    byte[] keyPrefix = new String(bytes, StandardCharsets.UTF_8).equals(prefix) ? bytes : NO_BYTES;
    SortedMap<String, Hash> found = new TreeMap<>();
    environment.read("listing the refs of", () -> {
      try (RocksIterator iterator = db.newIterator(environment.refs(), readOptions)) {
        for (iterator.seek(keyPrefix); iterator.isValid(); iterator.next()) {
          byte[] key = iterator.key();
          if (!startsWith(key, keyPrefix)) {
            break;
          }
          String name = new String(key, StandardCharsets.UTF_8);
          if (name.startsWith(prefix)) {
            found.put(name, Hash.fromBytes(iterator.value()));
          }
        }
        iterator.status();
      }
      return null;
    });
    return Collections.unmodifiableSortedMap(found);
  }

  @Override
  public void forEachNode(Consumer<Hash> action) {
    // In batches: the action is the caller's code, which must not run while the environment is
    // held (it may begin a transaction, or commit), and the ids of a large store must not all be
    // in memory at once.
    byte[] after = null;
    while (true) {
      List<Hash> batch = nodeIdsAfter(after);
      batch.forEach(action);
      if (batch.size() < NODE_BATCH) {
        return;
      }
      after = batch.get(batch.size() - 1).toBytes();
    }
  }

  /** Up to {@value #NODE_BATCH} node ids in key order, after a key (from the first if null). */
  private List<Hash> nodeIdsAfter(byte @Nullable [] after) {
    List<Hash> ids = new ArrayList<>(NODE_BATCH);
    environment.read("listing the nodes of", () -> {
      try (RocksIterator iterator = db.newIterator(environment.nodes(), readOptions)) {
        if (after == null) {
          iterator.seekToFirst();
        } else {
          iterator.seek(after);
          if (iterator.isValid() && Arrays.equals(iterator.key(), after)) {
            iterator.next();
          }
        }
        for (; iterator.isValid() && ids.size() < NODE_BATCH; iterator.next()) {
          ids.add(Hash.fromBytes(iterator.key()));
        }
        iterator.status();
      }
      return null;
    });
    return ids;
  }

  @Override
  public void close() {
    environment.release(this);
  }

  /** Releases the native objects; called once, by the environment. */
  void releaseNatives() {
    readOptions.close();
    db.releaseSnapshot(snapshot);
    snapshot.close();
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}

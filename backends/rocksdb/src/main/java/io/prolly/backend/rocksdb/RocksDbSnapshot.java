package io.prolly.backend.rocksdb;

import io.prolly.spi.Hash;
import io.prolly.spi.support.Snapshot;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * A snapshot that is a RocksDB snapshot read through its own {@link ReadOptions}. Both native
 * objects are released by {@link #close()}, the read options first; iterators live only inside
 * one call.
 */
final class RocksDbSnapshot implements Snapshot {

  private static final byte[] NO_BYTES = new byte[0];

  private final RocksDbEnvironment environment;
  private final RocksDB db;
  private final org.rocksdb.Snapshot snapshot;
  private final ReadOptions readOptions;

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
    try {
      return db.get(environment.nodes(), readOptions, id.toBytes());
    } catch (RocksDBException e) {
      throw RocksDbFailures.translate("reading a node of", environment.directory().location(), e);
    }
  }

  @Override
  public boolean contains(Hash id) {
    try {
      // An empty buffer: RocksDB reports the value's length without copying the value.
      return db.get(environment.nodes(), readOptions, id.toBytes(), NO_BYTES) != RocksDB.NOT_FOUND;
    } catch (RocksDBException e) {
      throw RocksDbFailures.translate("reading a node of", environment.directory().location(), e);
    }
  }

  @Override
  public @Nullable Hash ref(String name) {
    try {
      byte[] value = db.get(environment.refs(), readOptions, name.getBytes(StandardCharsets.UTF_8));
      return value == null ? null : Hash.fromBytes(value);
    } catch (RocksDBException e) {
      throw RocksDbFailures.translate("reading a ref of", environment.directory().location(), e);
    }
  }

  @Override
  public SortedMap<String, Hash> refs(String prefix) {
    byte[] keyPrefix = prefix.getBytes(StandardCharsets.UTF_8);
    if (!new String(keyPrefix, StandardCharsets.UTF_8).equals(prefix)) {
      // A lone surrogate has no UTF-8 form to seek to: scan all refs and filter by name.
      keyPrefix = NO_BYTES;
    }
    SortedMap<String, Hash> found = new TreeMap<>();
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
    } catch (RocksDBException e) {
      throw RocksDbFailures.translate("listing the refs of", environment.directory().location(), e);
    }
    return Collections.unmodifiableSortedMap(found);
  }

  @Override
  public void forEachNode(Consumer<Hash> action) {
    try (RocksIterator iterator = db.newIterator(environment.nodes(), readOptions)) {
      for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
        action.accept(Hash.fromBytes(iterator.key()));
      }
      iterator.status();
    } catch (RocksDBException e) {
      throw RocksDbFailures.translate("listing the nodes of", environment.directory().location(), e);
    }
  }

  @Override
  public void close() {
    readOptions.close();
    db.releaseSnapshot(snapshot);
    snapshot.close();
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}

package io.prolly.backend.lmdb;

import io.prolly.spi.Hash;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.KeyRange;
import org.lmdbjava.Stat;
import org.lmdbjava.Txn;

/** The {@code refs} database, keyed as {@link RefKey} describes. */
final class RefTable {

  private final Dbi<byte[]> refs;
  private final String location;

  RefTable(Dbi<byte[]> refs, String location) {
    this.refs = refs;
    this.location = location;
  }

  @Nullable Hash get(Txn<byte[]> txn, String name) {
    byte[] key = RefKey.of(name);
    byte[] value = refs.get(txn, key);
    return value == null ? null : read(key, value).target();
  }

  SortedMap<String, Hash> list(Txn<byte[]> txn, String prefix) {
    byte[] keyPrefix = RefKey.rangeOf(prefix);
    SortedMap<String, Hash> found = new TreeMap<>();
    KeyRange<byte[]> range = keyPrefix.length == 0 ? KeyRange.all() : KeyRange.atLeast(keyPrefix);
    try (CursorIterable<byte[]> cursor = refs.iterate(txn, range)) {
      for (CursorIterable.KeyVal<byte[]> entry : cursor) {
        if (!RefKey.startsWith(entry.key(), keyPrefix)) {
          break;
        }
        RefKey.Ref ref = read(entry.key(), entry.val());
        if (ref.name().startsWith(prefix)) {
          found.put(ref.name(), ref.target());
        }
      }
    }
    return Collections.unmodifiableSortedMap(found);
  }

  void set(Txn<byte[]> txn, String name, @Nullable Hash value) {
    if (value == null) {
      refs.delete(txn, RefKey.of(name));
    } else {
      refs.put(txn, RefKey.of(name), RefKey.value(name, value));
    }
  }

  private RefKey.Ref read(byte[] key, byte[] value) {
    RefKey.Ref ref = RefKey.read(key, value);
    if (ref == null) {
      throw StoreDamage.found(location, "the entry of ref '" + new String(key, StandardCharsets.UTF_8)
          + "' does not match its checksum or its key");
    }
    return ref;
  }

  long count(Txn<byte[]> txn) {
    return refs.stat(txn).entries;
  }

  Stat stat(Txn<byte[]> txn) {
    return refs.stat(txn);
  }
}

package io.prolly.backend.lmdb;

import io.prolly.spi.Hash;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.KeyRange;
import org.lmdbjava.Txn;

/** The {@code refs} database, keyed as {@link RefKey} describes. */
final class RefTable {

  private final Dbi<byte[]> refs;

  RefTable(Dbi<byte[]> refs) {
    this.refs = refs;
  }

  @Nullable Hash get(Txn<byte[]> txn, String name) {
    byte[] value = refs.get(txn, RefKey.of(name));
    return value == null ? null : RefKey.target(value);
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
        String name = RefKey.name(entry.val());
        if (name.startsWith(prefix)) {
          found.put(name, RefKey.target(entry.val()));
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

  long count(Txn<byte[]> txn) {
    return refs.stat(txn).entries;
  }
}

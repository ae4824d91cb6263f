package io.prolly.spi.support;

import io.prolly.spi.Hash;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot whose refs are a sorted map in memory that stays the same while the snapshot is
 * open (a persistent map per commit, or a private copy), so that reading and listing refs works
 * the same way for every backend that keeps its refs so. A subclass reads the nodes and releases
 * what the snapshot holds.
 *
 * <p>Like every snapshot, it is used by one thread at a time and gets checked arguments.
 */
public abstract class RefMapSnapshot implements Snapshot {

  private final NavigableMap<String, Hash> refs;

  /**
   * Creates the snapshot.
   *
   * @param refs the committed refs, in the natural order of their names; the map must not change
   *     while the snapshot is open
   */
  protected RefMapSnapshot(NavigableMap<String, Hash> refs) {
    this.refs = refs;
  }

  @Override
  public final @Nullable Hash ref(String name) {
    return refs.get(name);
  }

  /**
   * Lists the refs whose names start with a prefix: one range of the map, from the prefix up to
   * the first name without it.
   *
   * @param prefix the prefix, possibly empty
   * @return an unmodifiable copy of the matching refs
   */
  @Override
  public final SortedMap<String, Hash> refs(String prefix) {
    SortedMap<String, Hash> matching = new TreeMap<>();
    for (Map.Entry<String, Hash> ref : refs.tailMap(prefix, true).entrySet()) {
      if (!ref.getKey().startsWith(prefix)) {
        break;
      }
      matching.put(ref.getKey(), ref.getValue());
    }
    return Collections.unmodifiableSortedMap(matching);
  }
}

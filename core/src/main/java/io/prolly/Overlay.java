package io.prolly;

import io.prolly.tree.Entry;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * Lays staged writes over committed entries: both in key order, a staged value replaces the
 * committed one, a staged removal (a null value) hides it, staged new keys appear in their place.
 */
final class Overlay implements Iterator<Entry> {

  private final Iterator<Entry> committed;
  private final Iterator<Map.Entry<byte[], byte @Nullable []>> staged;
  private @Nullable Entry nextCommitted;
  private Map.@Nullable Entry<byte[], byte @Nullable []> nextStaged;
  private @Nullable Entry next;

  Overlay(Iterator<Entry> committed, NavigableMap<byte[], byte @Nullable []> staged) {
    this.committed = committed;
    this.staged = staged.entrySet().iterator();
    this.nextCommitted = committed.hasNext() ? committed.next() : null;
    this.nextStaged = this.staged.hasNext() ? this.staged.next() : null;
    advance();
  }

  @Override
  public boolean hasNext() {
    return next != null;
  }

  @Override
  public Entry next() {
    Entry result = next;
    if (result == null) {
      throw new NoSuchElementException();
    }
    advance();
    return result;
  }

  private void advance() {
    next = null;
    while (next == null && (nextCommitted != null || nextStaged != null)) {
      int order = nextCommitted == null ? 1
          : nextStaged == null ? -1
          : Arrays.compareUnsigned(nextCommitted.key(), nextStaged.getKey());
      if (order < 0) {
        next = nextCommitted;
        nextCommitted = committed.hasNext() ? committed.next() : null;
        continue;
      }
      if (order == 0) {
        nextCommitted = committed.hasNext() ? committed.next() : null;
      }
      byte[] value = nextStaged.getValue();
      if (value != null) {
        next = new Entry(nextStaged.getKey(), value);
      }
      nextStaged = staged.hasNext() ? staged.next() : null;
    }
  }
}

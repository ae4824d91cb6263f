package io.prolly.tree;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * The changes of a {@link TreeDiff} with their values read, blobs included. A value stored inline
 * on one side and as a blob on the other (trees with different inline limits) compares by its
 * bytes, so that such a pair is no change. Not thread-safe.
 */
final class ChangeIterator implements Iterator<Change> {

  private final Iterator<StoredChange> changes;
  private final ValueReader values;
  private @Nullable Change next;

  ChangeIterator(Iterator<StoredChange> changes, ValueReader values) {
    this.changes = changes;
    this.values = values;
    this.next = computeNext();
  }

  @Override
  public boolean hasNext() {
    return next != null;
  }

  @Override
  public Change next() {
    Change current = next;
    if (current == null) {
      throw new NoSuchElementException("no change left");
    }
    next = computeNext();
    return current;
  }

  private @Nullable Change computeNext() {
    while (changes.hasNext()) {
      StoredChange change = changes.next();
      byte[] key = change.key();
      byte[] oldValue = values.bytesOrNull(key, change.oldValue());
      byte[] newValue = values.bytesOrNull(key, change.newValue());
      if (!Arrays.equals(oldValue, newValue)) {
        return new Change(key, oldValue, newValue);
      }
    }
    return null;
  }
}

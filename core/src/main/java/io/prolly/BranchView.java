package io.prolly;

import io.prolly.merge.MergeFn;
import org.jspecify.annotations.Nullable;

/**
 * A view of a working copy that writes to a branch: what {@link StagedStore} and {@link LiveView}
 * share. Writes are staged here; the subclass decides when they are committed.
 */
abstract class BranchView<V> extends WorkingCopyView<V> implements WritableStore<V> {

  BranchView(WorkingCopy<V> copy, Namespace namespace) {
    super(copy, namespace);
  }

  @Override
  public String branch() {
    return copy.branch;
  }

  @Override
  public void setMergeFn(String key, MergeFn<V> mergeFn) {
    copy.setMergeFn(namespace, key, mergeFn);
  }

  @Override
  public void setDefaultMergeFn(MergeFn<V> mergeFn) {
    copy.setDefaultMerge(namespace, mergeFn);
  }

  @Override
  public void setAuthor(String author) {
    copy.setAuthor(author);
  }

  /** Stages a value for a key. */
  final void stageSet(String key, V value) {
    byte[] encodedKey = StoreKeys.encode(key);
    copy.stage(namespace, encodedKey, copy.encode(value));
  }

  /** Stages the removal of a key; tells whether it was there. */
  final boolean stageRemove(String key) {
    byte[] encodedKey = StoreKeys.encode(key);
    boolean present = bytes(encodedKey) != null;
    copy.stage(namespace, encodedKey, null);
    return present;
  }

  /** Stages the removal of a key that must be there; returns its value. */
  final V stageRemoveExisting(String key) {
    byte[] encodedKey = StoreKeys.encode(key);
    byte @Nullable [] value = bytes(encodedKey);
    if (value == null) {
      throw missing(key);
    }
    copy.stage(namespace, encodedKey, null);
    return copy.codec.decode(value);
  }
}

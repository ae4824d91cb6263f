package io.prolly;

import io.prolly.merge.MergeResult;
import io.prolly.spi.Hash;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A {@link Store}: one namespace's view of a writable {@link WorkingCopy}. */
final class StagedStore<V> extends BranchView<V> implements Store<V> {

  StagedStore(WorkingCopy<V> copy, Namespace namespace) {
    super(copy, namespace);
  }

  @Override
  String source() {
    return "branch '" + copy.branch + "'";
  }

  @Override
  public void set(String key, V value) {
    stageSet(key, value);
  }

  @Override
  public boolean remove(String key) {
    return stageRemove(key);
  }

  @Override
  public V removeExisting(String key) {
    return stageRemoveExisting(key);
  }

  @Override
  public Store<V> namespace(String name) {
    return new StagedStore<>(copy, namespace.resolve(name));
  }

  @Override
  public CommitResult commit(String message) {
    return copy.commit(message, Map.of());
  }

  @Override
  public CommitResult commit(String message, Map<String, String> metadata) {
    return copy.commit(message, metadata);
  }

  @Override
  public void discardChanges() {
    copy.reset();
  }

  @Override
  public void refresh() {
    copy.refresh();
  }

  @Override
  public boolean hasChanges() {
    return copy.hasChanges();
  }

  @Override
  public @Nullable Hash currentCommit() {
    return copy.currentCommit();
  }

  @Override
  public @Nullable Hash baseCommit() {
    return copy.base();
  }

  @Override
  public @Nullable MergeResult lastMergeResult() {
    return copy.lastMerge();
  }
}

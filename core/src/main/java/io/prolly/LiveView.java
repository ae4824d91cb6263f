package io.prolly;

import io.prolly.merge.MergeFn;
import io.prolly.merge.MergeResult;
import io.prolly.spi.Hash;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A {@link LiveStore}: a working copy without history that commits every write at once and moves
 * to the latest state before every read.
 */
final class LiveView<V> implements LiveStore<V> {

  private final WorkingCopy<V> copy;
  private final Namespace namespace;
  private final StagedStore<V> view;

  LiveView(WorkingCopy<V> copy, Namespace namespace) {
    this.copy = copy;
    this.namespace = namespace;
    this.view = new StagedStore<>(copy, namespace);
  }

  @Override
  public @Nullable V get(String key) {
    return latest().get(key);
  }

  @Override
  public V require(String key) {
    return latest().require(key);
  }

  @Override
  public V getOrDefault(String key, V defaultValue) {
    return latest().getOrDefault(key, defaultValue);
  }

  @Override
  public Map<String, V> getMany(Collection<String> keys) {
    return latest().getMany(keys);
  }

  @Override
  public boolean contains(String key) {
    return latest().contains(key);
  }

  @Override
  public void set(String key, V value) {
    view.set(key, value);
    apply();
  }

  @Override
  public boolean remove(String key) {
    boolean present = latest().remove(key);
    apply();
    return present;
  }

  @Override
  public V removeExisting(String key) {
    V value = latest().removeExisting(key);
    apply();
    return value;
  }

  @Override
  public Stream<String> keys() {
    return latest().keys();
  }

  @Override
  public Stream<String> descendantKeys() {
    return latest().descendantKeys();
  }

  @Override
  public List<String> namespaces() {
    return latest().namespaces();
  }

  @Override
  public Stream<Map.Entry<String, V>> entries() {
    return latest().entries();
  }

  @Override
  public Stream<Map.Entry<String, V>> range(@Nullable String from, @Nullable String to) {
    return latest().range(from, to);
  }

  @Override
  public Stream<Map.Entry<String, V>> prefix(String prefix) {
    return latest().prefix(prefix);
  }

  @Override
  public long size() {
    return latest().size();
  }

  @Override
  public LiveStore<V> namespace(String name) {
    return new LiveView<>(copy, namespace.resolve(name));
  }

  @Override
  public String namespacePath() {
    return namespace.path();
  }

  @Override
  public String branch() {
    return copy.branch;
  }

  @Override
  public CommitResult commit(String message) {
    throw unsupported("commit");
  }

  @Override
  public CommitResult commit(String message, Map<String, String> metadata) {
    throw unsupported("commit");
  }

  @Override
  public void reset() {
    throw unsupported("reset");
  }

  @Override
  public void refresh() {
    throw unsupported("refresh");
  }

  @Override
  public boolean hasChanges() {
    return false;
  }

  @Override
  public @Nullable Hash currentCommit() {
    throw unsupported("currentCommit");
  }

  @Override
  public @Nullable Hash baseCommit() {
    throw unsupported("baseCommit");
  }

  @Override
  public @Nullable MergeResult lastMergeResult() {
    throw unsupported("lastMergeResult");
  }

  @Override
  public void setMergeFn(String key, MergeFn<V> mergeFn) {
    view.setMergeFn(key, mergeFn);
  }

  @Override
  public void setDefaultMerge(MergeFn<V> mergeFn) {
    view.setDefaultMerge(mergeFn);
  }

  @Override
  public void setAuthor(String author) {
    view.setAuthor(author);
  }

  @Override
  public Store<V> createBranch(String name) {
    throw unsupported("createBranch");
  }

  @Override
  public Store<V> checkout(String revision) {
    throw unsupported("checkout");
  }

  @Override
  public boolean isReadOnly() {
    return false;
  }

  @Override
  public String toString() {
    return "live store '" + copy.branch + "', " + namespace;
  }

  private StagedStore<V> latest() {
    copy.refresh();
    return view;
  }

  /** Commits the one staged write; a failed write is dropped so that it cannot haunt later ones. */
  private void apply() {
    try {
      copy.commit("", Map.of());
    } finally {
      copy.reset();
    }
  }

  private UnsupportedOperationException unsupported(String call) {
    return new UnsupportedOperationException(call + "() is about versions, and live store '" + copy.branch
        + "' keeps none; use repository.store(branch, codec) for commits, branches and history");
  }
}

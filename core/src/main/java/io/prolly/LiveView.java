package io.prolly;

import io.prolly.spi.Hash;
import io.prolly.spi.WriteTransaction;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A {@link LiveStore}: a working copy that moves to the latest commit before every read and
 * commits each write at once. Its commits replace each other instead of forming a history.
 */
final class LiveView<V> extends BranchView<V> implements LiveStore<V> {

  LiveView(WorkingCopy<V> copy, Namespace namespace) {
    super(copy, namespace);
  }

  @Override
  void beforeRead() {
    copy.refresh();
  }

  @Override
  String source() {
    return "live store '" + copy.branch + "'";
  }

  @Override
  public void set(String key, V value) {
    stageSet(key, value);
    apply();
  }

  @Override
  public boolean remove(String key) {
    beforeRead();
    boolean present = stageRemove(key);
    apply();
    return present;
  }

  @Override
  public V removeExisting(String key) {
    beforeRead();
    V value = stageRemoveExisting(key);
    apply();
    return value;
  }

  @Override
  public LiveStore<V> namespace(String name) {
    return new LiveView<>(copy, namespace.resolve(name));
  }

  /**
   * Applies several writes as one atomic write: a null value removes its key. On any failure
   * none is applied. The writes are based on what this view read last, not refreshed first, so a
   * key another writer changed since that read goes through its merge function: a caller that
   * checked a value and then writes can tell a lost race from a write on top.
   */
  void apply(Map<String, @Nullable V> writes) {
    apply(writes, tx -> { });
  }

  /**
   * {@link #apply(Map)}, and in the same transaction what {@code alongside} writes: see {@link
   * WorkingCopy#commit(String, Map, Consumer)}.
   */
  void apply(Map<String, @Nullable V> writes, Consumer<WriteTransaction> alongside) {
    try {
      writes.forEach((key, value) -> {
        if (value == null) {
          stageRemove(key);
        } else {
          stageSet(key, value);
        }
      });
    } catch (RuntimeException failure) {
      copy.reset();
      throw failure;
    }
    apply(alongside);
  }

  /** The commit the store is at now, null while nothing was ever written to it. */
  @Nullable Hash head() {
    return copy.currentCommit();
  }

  /**
   * Reads a key as {@code tx} sees the store and makes {@code tx} depend on it: should another
   * writer change the store before {@code tx} commits, the commit fails with {@link
   * io.prolly.error.ConcurrencyException}. Null, with nothing asserted, when the key is absent
   * because the store was never written to; a caller acting on an absence must not rely on it.
   */
  @Nullable V getAsserting(WriteTransaction tx, String key) {
    return copy.readAsserting(tx, namespace, key);
  }

  private void apply() {
    apply(tx -> { });
  }

  private void apply(Consumer<WriteTransaction> alongside) {
    try {
      copy.commit("", Map.of(), alongside);
    } finally {
      copy.reset();
    }
  }
}

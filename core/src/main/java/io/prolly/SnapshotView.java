package io.prolly;

import io.prolly.spi.Hash;
import java.util.Objects;

/** A {@link Snapshot}: one namespace's view of a working copy that never stages anything. */
final class SnapshotView<V> extends WorkingCopyView<V> implements Snapshot<V> {

  SnapshotView(WorkingCopy<V> copy, Namespace namespace) {
    super(copy, namespace);
  }

  @Override
  String source() {
    return "revision '" + copy.branch + "'";
  }

  @Override
  public Snapshot<V> namespace(String name) {
    return new SnapshotView<>(copy, namespace.resolve(name));
  }

  @Override
  public String revision() {
    return copy.branch;
  }

  @Override
  public Hash commit() {
    return Objects.requireNonNull(copy.base(), "a snapshot always shows a commit");
  }
}

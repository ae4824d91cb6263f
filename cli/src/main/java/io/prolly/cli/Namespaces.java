package io.prolly.cli;

import io.prolly.Snapshot;
import io.prolly.Store;
import org.jspecify.annotations.Nullable;

/** The {@code --ns} option's meaning: no value or {@code ""} is the root namespace. */
final class Namespaces {

  private Namespaces() {}

  static <V> Snapshot<V> view(Snapshot<V> snapshot, @Nullable String namespace) {
    return isRoot(namespace) ? snapshot : snapshot.namespace(namespace);
  }

  static <V> Store<V> view(Store<V> store, @Nullable String namespace) {
    return isRoot(namespace) ? store : store.namespace(namespace);
  }

  private static boolean isRoot(@Nullable String namespace) {
    return namespace == null || namespace.isEmpty();
  }

  static String path(@Nullable String namespace) {
    return namespace == null ? "" : namespace;
  }

  static String qualified(@Nullable String namespace, String key) {
    return isRoot(namespace) ? key : namespace + "/" + key;
  }
}

package io.prolly.cli;

import io.prolly.Store;
import org.jspecify.annotations.Nullable;

/** The {@code --ns} option's meaning: no value or {@code ""} is the root namespace. */
final class Namespaces {

  private Namespaces() {}

  static <V> Store<V> view(Store<V> store, @Nullable String namespace) {
    return namespace == null || namespace.isEmpty() ? store : store.namespace(namespace);
  }

  static String path(@Nullable String namespace) {
    return namespace == null ? "" : namespace;
  }

  static String qualified(@Nullable String namespace, String key) {
    return namespace == null || namespace.isEmpty() ? key : namespace + "/" + key;
  }
}

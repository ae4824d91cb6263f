package io.prolly.tck;

import io.prolly.spi.NodeStore;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The stores a contract opened during a try, closed together when the try ends. Not thread-safe. */
final class OpenStores {

  private final List<NodeStore> stores = new ArrayList<>();

  /** Remembers a store to close later, and returns it. */
  NodeStore add(NodeStore store) {
    stores.add(store);
    return store;
  }

  /**
   * Closes every store, even after one fails to close, and forgets them all.
   *
   * @return the last failure to close, or null
   */
  @Nullable RuntimeException closeAll() {
    RuntimeException failure = null;
    for (NodeStore store : stores) {
      try {
        store.close();
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    stores.clear();
    return failure;
  }
}

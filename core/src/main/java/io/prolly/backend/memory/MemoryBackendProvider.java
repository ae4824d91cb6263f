package io.prolly.backend.memory;

import io.prolly.spi.BackendProvider;
import io.prolly.spi.NodeStore;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.support.Arguments;

/**
 * Opens {@code memory:} stores: new, empty, in-process and not persistent. The location, if any,
 * is only a label for messages; two opens never share data.
 *
 * <p>Registered for {@link java.util.ServiceLoader}; users do not call it directly.
 */
public final class MemoryBackendProvider implements BackendProvider {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public MemoryBackendProvider() {}

  @Override
  public String scheme() {
    return "memory";
  }

  @Override
  public String description() {
    return "in-process memory with snapshot reads; not persistent (inside io.prolly:prolly-core)";
  }

  @Override
  public NodeStore open(StoreConfig config) {
    Arguments.notNull(config, "config");
    if (!config.scheme().equals(scheme())) {
      throw new IllegalArgumentException("the memory backend opens 'memory:' stores, not '" + config.redacted() + "'");
    }
    return new MemoryNodeStore(config);
  }
}

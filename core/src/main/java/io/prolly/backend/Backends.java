package io.prolly.backend;

import io.prolly.error.BackendNotFoundException;
import io.prolly.error.ProllyException;
import io.prolly.spi.BackendProvider;
import io.prolly.spi.NodeStore;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.StoreOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Opens node stores with whichever backend handles the scheme of their location, found on the
 * class path with {@link ServiceLoader}. Adding a backend is adding its jar; no code names it.
 *
 * <p>Before a store is opened, its options are checked against those the backend declares, so a
 * misspelt option fails loudly instead of being ignored.
 *
 * <p>This class is thread-safe; the provider list is read once per class loader.
 */
public final class Backends {

  private final SortedMap<String, BackendProvider> providers;

  private Backends(SortedMap<String, BackendProvider> providers) {
    this.providers = Collections.unmodifiableSortedMap(providers);
  }

  /**
   * Finds the backends visible to this class's class loader.
   *
   * @return the backends found
   * @throws ProllyException if two backends claim the same scheme, or a registered provider
   *     cannot be loaded
   */
  public static Backends discover() {
    return discover(Backends.class.getClassLoader());
  }

  /**
   * Finds the backends visible to a class loader.
   *
   * @param loader where to look for {@code META-INF/services/io.prolly.spi.BackendProvider}
   * @return the backends found
   * @throws ProllyException if two backends claim the same scheme, or a registered provider
   *     cannot be loaded
   */
  public static Backends discover(ClassLoader loader) {
    SortedMap<String, BackendProvider> byScheme = new TreeMap<>();
    try {
      for (BackendProvider provider : ServiceLoader.load(BackendProvider.class, loader)) {
        BackendProvider previous = byScheme.putIfAbsent(provider.scheme(), provider);
        if (previous != null && previous.getClass() != provider.getClass()) {
          throw new ProllyException("two backends claim the scheme '" + provider.scheme() + "': "
              + previous.getClass().getName() + " and " + provider.getClass().getName()
              + "; keep only one of their jars on the class path");
        }
      }
    } catch (ServiceConfigurationError e) {
      throw new ProllyException("a storage backend on the class path cannot be loaded: " + e.getMessage(), e);
    }
    return new Backends(byScheme);
  }

  /**
   * Opens a store from its URI, such as {@code memory:} or {@code lmdb:/var/lib/app?mapSize=4g}.
   *
   * @param uri the store URI
   * @return the open store, which the caller must close
   * @throws IllegalArgumentException if the URI is malformed or names an option the backend does
   *     not have
   * @throws BackendNotFoundException if no backend handles the URI's scheme
   * @throws ProllyException if the backend cannot open the store
   */
  public NodeStore open(String uri) {
    return open(StoreConfig.parse(uri));
  }

  /**
   * Opens a store from its configuration.
   *
   * @param config the store configuration
   * @return the open store, which the caller must close
   * @throws IllegalArgumentException if {@code config} is null or names an option the backend
   *     does not have, or an option value is invalid
   * @throws BackendNotFoundException if no backend handles the configuration's scheme
   * @throws ProllyException if the backend cannot open the store
   */
  public NodeStore open(StoreConfig config) {
    return open(config, List.of());
  }

  /**
   * Opens a store from a configuration that may also hold options of the caller, such as a
   * repository's {@code nodeCacheSize}: every option is checked against the general ones, the
   * backend's and the caller's, the caller's values are checked too, and the backend is given the
   * configuration without the caller's options.
   *
   * @param config the store configuration
   * @param callerOptions the options the caller reads from the configuration itself
   * @return the open store, which the caller must close
   * @throws IllegalArgumentException if an argument is null, the configuration names an option
   *     that none of those has (the message lists them all), or an option value is invalid
   * @throws BackendNotFoundException if no backend handles the configuration's scheme
   * @throws ProllyException if the backend cannot open the store
   */
  public NodeStore open(StoreConfig config, List<StoreOption<?>> callerOptions) {
    if (config == null) {
      throw new IllegalArgumentException("store configuration is null");
    }
    if (callerOptions == null) {
      throw new IllegalArgumentException("callerOptions is null; pass List.of() when the caller reads none");
    }
    BackendProvider provider = provider(config.scheme());
    checkOptions(provider, config, callerOptions);
    if (callerOptions.isEmpty()) {
      return provider.open(config);
    }
    Set<String> theCallers = new TreeSet<>();
    callerOptions.forEach(option -> theCallers.add(option.name()));
    StoreConfig.Builder backend = StoreConfig.builder(config.scheme()).location(config.location());
    config.options().forEach((name, value) -> {
      if (!theCallers.contains(name)) {
        backend.option(name, value);
      }
    });
    return provider.open(backend.build());
  }

  /**
   * Returns the backend for a scheme.
   *
   * @param scheme a scheme such as {@code file}
   * @return its provider
   * @throws BackendNotFoundException if no backend handles the scheme
   */
  public BackendProvider provider(String scheme) {
    BackendProvider provider = providers.get(scheme);
    if (provider == null) {
      throw notFound(scheme);
    }
    return provider;
  }

  /**
   * Returns the backends found, by scheme.
   *
   * @return an unmodifiable map sorted by scheme
   */
  public SortedMap<String, BackendProvider> providers() {
    return providers;
  }

  private BackendNotFoundException notFound(String scheme) {
    List<String> available = new ArrayList<>(providers.keySet());
    String found = available.isEmpty()
        ? "no backend is on the class path or module path"
        : "the backends found handle " + String.join(", ", available);
    return new BackendNotFoundException(scheme, available, "no storage backend handles the scheme '" + scheme
        + "': " + found + ". Add the backend's artifact, e.g. io.prolly:prolly-backend-" + scheme
        + ", to the class path (or module path), or use one of the schemes found");
  }

  private static void checkOptions(BackendProvider provider, StoreConfig config, List<StoreOption<?>> callerOptions) {
    Set<String> known = new TreeSet<>();
    known.add(StoreConfig.DURABILITY.name());
    known.add(StoreConfig.VERIFY_NODES.name());
    provider.options().stream().map(StoreOption::name).forEach(known::add);
    callerOptions.stream().map(StoreOption::name).forEach(known::add);
    for (Map.Entry<String, String> option : config.options().entrySet()) {
      if (!known.contains(option.getKey())) {
        throw new IllegalArgumentException("the " + provider.scheme() + " backend has no option '" + option.getKey()
            + "' (in '" + config.redacted() + "'); its options are " + String.join(", ", known));
      }
    }
    config.durability();
    config.verifyNodes();
    provider.options().forEach(config::get);
    callerOptions.forEach(config::get);
  }
}

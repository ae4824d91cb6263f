package io.prolly;

import io.prolly.error.BackendNotFoundException;
import io.prolly.error.CorruptNodeException;
import io.prolly.error.CorruptStoreException;
import io.prolly.error.StoreLockedException;
import io.prolly.backend.Backends;
import io.prolly.spi.NodeStore;
import io.prolly.spi.StoreConfig;
import io.prolly.spi.StoreOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Opens repositories. The storage backend is chosen by the URI's scheme and found on the class
 * path: add the backend's artifact ({@code prolly-backend-file}, {@code prolly-backend-lmdb},
 * {@code prolly-backend-rocksdb}) and open its URI. The memory backend always comes with core.
 *
 * <pre>{@code
 * try (Repository repo = Prolly.open(Path.of("data.prolly"))) {
 *   Store<String> store = repo.store("main", Codecs.utf8());
 *   store.set("greeting", "hello");
 *   store.commit("first");
 * }
 * }</pre>
 *
 * <p>Every method opens a new repository, which the caller must close.
 */
public final class Prolly {

  private static final long MIB = 1L << 20;
  /** The least a default node cache holds, whatever the heap. */
  static final long MIN_DEFAULT_NODE_CACHE = 16 * MIB;
  /** The most a default node cache holds, whatever the heap. */
  static final long MAX_DEFAULT_NODE_CACHE = 1024 * MIB;

  /**
   * How many bytes of decoded nodes a repository keeps in memory ({@link Maintenance#cacheStats()}),
   * a repository option written in the store URI beside the backend's own:
   * {@code file:/data/app.prolly?nodeCacheSize=256m}. Reads and merges that find their nodes there
   * read nothing from the backend; {@code 0} keeps none.
   *
   * <p>The default follows the heap: an eighth of the most the JVM will use
   * ({@code Runtime.maxMemory()}, set with {@code -Xmx}), at least 16 MiB and at most 1 GiB. So the
   * JVM's default heap of a quarter of the machine's memory gives 64 MiB for a 512 MiB heap, 256 MiB
   * for 2 GiB, 512 MiB for 4 GiB and the full 1 GiB from 8 GiB on. A million keys of about 100 bytes take about 130 MB
   * of nodes: set the size above what the branches read often take when the heap has room, and
   * below the default when many repositories share one heap.
   */
  public static final StoreOption<Long> NODE_CACHE_SIZE = StoreOption.ofSize("nodeCacheSize",
      defaultNodeCacheSize(Runtime.getRuntime().maxMemory()),
      "bytes of decoded nodes the repository keeps in memory, such as 256m; default an eighth of the heap, "
          + "between 16m and 1g");

  private Prolly() {}

  /** The default size of a node cache in a heap of {@code maxHeapBytes}: see {@link #NODE_CACHE_SIZE}. */
  static long defaultNodeCacheSize(long maxHeapBytes) {
    return Math.max(MIN_DEFAULT_NODE_CACHE, Math.min(MAX_DEFAULT_NODE_CACHE, maxHeapBytes / 8));
  }

  /**
   * Opens a repository at a store URI such as {@code file:/data/app.prolly},
   * {@code lmdb:/var/lib/app?mapSize=1GiB} or {@code memory:}. Besides the backend's options and
   * {@code durability} and {@code verifyNodes}, the URI may set the repository's
   * {@link #NODE_CACHE_SIZE}.
   *
   * @param uri the URI: scheme, location, options
   * @return the repository
   * @throws IllegalArgumentException if the URI is null or malformed, or names an unknown option or
   *     an invalid {@code nodeCacheSize}
   * @throws BackendNotFoundException if no backend on the class path or module path handles the scheme; the
   *     message lists those found and the artifact to add
   * @throws StoreLockedException if another process or repository has the store open
   * @throws CorruptStoreException if the store's files are damaged
   */
  public static Repository open(String uri) {
    if (uri == null) {
      throw new IllegalArgumentException("uri is null; use a URI such as file:/data/app.prolly or memory:");
    }
    return open(StoreConfig.parse(uri));
  }

  /**
   * Returns a handle on a repository another machine serves over HTTP ({@code prolly serve}), for
   * {@link Transfer}'s {@code cloneFrom}, {@code fetch}, {@code pull} and {@code push}. Nothing is
   * sent until one of them runs.
   *
   * @param uri {@code http://host:port/NAME} (or {@code https://}), NAME being the repository's
   *     name on the server
   * @return the remote
   * @throws IllegalArgumentException if the URI is null, not http or https, or does not name one
   *     repository
   */
  public static Remote remote(java.net.URI uri) {
    return new Remote(uri, RemoteOptions.defaults());
  }

  /**
   * Returns a handle on a repository another machine serves over HTTP, reached with options: a
   * bearer token for a server that asks for one, certificates to trust for {@code https://}. The
   * token never appears in the remote's URL, {@code toString} or messages.
   *
   * @param uri {@code http://host:port/NAME} (or {@code https://}); a token in its user info
   *     ({@code https://user:TOKEN@host/NAME}) is used when the options give none
   * @param options how to reach it, such as {@code RemoteOptions.defaults().withToken(token)}
   * @return the remote
   * @throws IllegalArgumentException if an argument is null, the URI is not http or https, or does
   *     not name one repository
   */
  public static Remote remote(java.net.URI uri, RemoteOptions options) {
    return new Remote(uri, options);
  }

  /**
   * Opens a repository in a single file with the default embedded backend, {@code file}
   * (artifact {@code prolly-backend-file}). The file is created if it does not exist.
   *
   * @param path the file
   * @return the repository
   * @throws IllegalArgumentException if the path is null
   * @throws BackendNotFoundException if {@code prolly-backend-file} is not on the class path
   * @throws StoreLockedException if another process or repository has the file open
   * @throws CorruptStoreException if the file is damaged
   */
  public static Repository open(Path path) {
    if (path == null) {
      throw new IllegalArgumentException("repository path is null");
    }
    return open(StoreConfig.builder("file").location(path).build());
  }

  /**
   * Opens a repository from a store configuration. The repository checks every node it loads
   * against its id, once, and reports damage with {@link CorruptNodeException}, unless the
   * configuration sets {@code verifyNodes=false} ({@link StoreConfig#VERIFY_NODES}); it opens the
   * backend with its own per-read check off.
   *
   * @param config the backend scheme, location and options, and the repository's
   *     {@link #NODE_CACHE_SIZE}
   * @return the repository
   * @throws IllegalArgumentException if the config is null or has an option the backend lacks, or an
   *     invalid {@code nodeCacheSize}
   * @throws BackendNotFoundException if no backend on the class path or module path handles the scheme
   * @throws StoreLockedException if another process or repository has the store open
   * @throws CorruptStoreException if the store is damaged
   */
  public static Repository open(StoreConfig config) {
    if (config == null) {
      throw new IllegalArgumentException("store configuration is null");
    }
    boolean verifyNodes = config.verifyNodes();
    // The repository checks each node once, as it loads it; the backend checking it again would
    // double the cost of every read. The cache size is the repository's option, not the backend's.
    NodeStore store = Backends.discover().open(config.toBuilder().option(StoreConfig.VERIFY_NODES, false).build(),
        List.of(NODE_CACHE_SIZE));
    return new Repository(store, author(), verifyNodes, config.get(NODE_CACHE_SIZE));
  }

  /**
   * Opens a new, empty repository in memory; it is gone when closed.
   *
   * @return the repository
   */
  public static Repository inMemory() {
    return open(StoreConfig.parse("memory:"));
  }

  /**
   * Opens a repository over a store the caller has opened, for example a backend configured in
   * code. The repository owns the store from then on and closes it. It checks every node it loads
   * against its id; open the store with {@code verifyNodes=false} so that its backend does not
   * check each read a second time.
   *
   * @param store an open store
   * @return the repository
   * @throws IllegalArgumentException if the store is null
   */
  public static Repository over(NodeStore store) {
    if (store == null) {
      throw new IllegalArgumentException("store is null");
    }
    return new Repository(store, author(), true, NODE_CACHE_SIZE.defaultValue());
  }

  private static String author() {
    return System.getProperty("user.name", "prolly");
  }
}

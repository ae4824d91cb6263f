package io.prolly.spi;

import io.prolly.error.CorruptStoreException;
import io.prolly.error.ProllyException;
import io.prolly.error.StoreLockedException;
import java.util.List;

/**
 * The entry point of a storage backend, found at run time with {@link java.util.ServiceLoader}.
 *
 * <p>A backend jar lists its implementation in
 * {@code META-INF/services/io.prolly.spi.BackendProvider}. Prolly picks the provider whose
 * {@link #scheme()} matches the scheme of the store location ({@code memory:},
 * {@code file:/data/app.prolly}, {@code lmdb:/var/lib/app}, ...).
 *
 * <p>Implementations must have a public no-argument constructor and be thread-safe; they are
 * usually stateless.
 */
public interface BackendProvider {

  /**
   * Returns the scheme this backend handles.
   *
   * @return a lowercase word such as {@code "memory"} or {@code "lmdb"}
   */
  String scheme();

  /**
   * Returns a one-line description for listings and error messages.
   *
   * @return what this backend is, for example {@code "in-process memory, not persistent"}
   */
  default String description() {
    return scheme();
  }

  /**
   * Returns the options this backend understands, besides {@link StoreConfig#DURABILITY}.
   * Prolly rejects a configuration that names any other option, so a typo never goes unnoticed.
   *
   * @return the supported options, each name once and none named {@code durability}; empty by
   *     default
   */
  default List<StoreOption<?>> options() {
    return List.of();
  }

  /**
   * Opens the store at the configured location, creating it if it does not exist.
   *
   * <p>A backend that keeps its store in a file or directory creates missing parent directories
   * (unless it documents that it refuses such a location), and then keeps the store in the kind
   * of file system entry it documents, a file or a directory. It refuses, with an exception naming
   * the location, a location that cannot be created, one of the wrong kind, one it may not write
   * to, and one holding anything but its own store; a refused open creates, changes and deletes
   * nothing there. One handle at a time holds a location, against handles of this process and of
   * others, until it is closed.
   *
   * @param config the location and options; its scheme equals {@link #scheme()}
   * @return an open store, owned by the caller, who must close it
   * @throws IllegalArgumentException if {@code config} is null, or the location or an option
   *     value is invalid
   * @throws io.prolly.error.StoreLockedException if another handle, of this process or another,
   *     holds the store; it names the location, and the open succeeds once that handle is closed
   * @throws io.prolly.error.CorruptStoreException if the location holds damaged data, another
   *     engine's store or unrelated files; it names the location, and leaves every file as it was
   * @throws io.prolly.error.ProllyException if the store cannot be opened for another reason
   */
  NodeStore open(StoreConfig config);
}

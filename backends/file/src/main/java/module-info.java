/** Prolly's single-file storage backend (scheme {@code file}), on H2's MVStore: the default. */
module io.prolly.backend.file {
  requires io.prolly.api;
  requires com.h2database.mvstore;

  exports io.prolly.backend.file;

  provides io.prolly.spi.BackendProvider with io.prolly.backend.file.FileBackendProvider;
}

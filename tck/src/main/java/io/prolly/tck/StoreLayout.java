package io.prolly.tck;

/** What a persistent backend keeps at its store location, as {@link BackendFixture#layout()} declares. */
public enum StoreLayout {

  /** A directory of the backend's own files, such as LMDB's or RocksDB's. */
  DIRECTORY,

  /** One regular file, such as the file backend's. */
  FILE
}

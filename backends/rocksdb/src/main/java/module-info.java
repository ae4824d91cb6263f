/** Prolly's RocksDB storage backend (scheme {@code rocksdb}): an LSM tree for write-heavy stores. */
module io.prolly.backend.rocksdb {
  requires io.prolly.api;
  requires rocksdbjni;

  exports io.prolly.backend.rocksdb;

  provides io.prolly.spi.BackendProvider with io.prolly.backend.rocksdb.RocksDbBackendProvider;
}

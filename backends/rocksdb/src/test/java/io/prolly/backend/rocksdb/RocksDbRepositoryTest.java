package io.prolly.backend.rocksdb;

import io.prolly.tck.repository.RepositoryContract;

/** The repository end-to-end contract on this backend. */
class RocksDbRepositoryTest extends RepositoryContract implements RocksDbFixture {}

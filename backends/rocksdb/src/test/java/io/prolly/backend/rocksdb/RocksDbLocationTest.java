package io.prolly.backend.rocksdb;

import io.prolly.tck.StoreLocationContract;

/** Where the rocksdb backend keeps a store, what it refuses, its figures and its close. */
class RocksDbLocationTest extends StoreLocationContract implements RocksDbFixture {}

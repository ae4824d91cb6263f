package io.prolly.backend.rocksdb;

import io.prolly.tck.NodeStoreContract;

/** The rocksdb backend against the whole storage contract. */
class RocksDbNodeStoreTest extends NodeStoreContract implements RocksDbFixture {}

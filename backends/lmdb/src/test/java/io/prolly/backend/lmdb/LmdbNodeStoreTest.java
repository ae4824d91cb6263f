package io.prolly.backend.lmdb;

import io.prolly.tck.NodeStoreContract;

/** The lmdb backend against the whole storage contract. */
class LmdbNodeStoreTest extends NodeStoreContract implements LmdbFixture {}

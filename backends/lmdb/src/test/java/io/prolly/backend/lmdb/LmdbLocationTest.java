package io.prolly.backend.lmdb;

import io.prolly.tck.StoreLocationContract;

/** Where the lmdb backend keeps a store, what it refuses, its figures and its close. */
class LmdbLocationTest extends StoreLocationContract implements LmdbFixture {}

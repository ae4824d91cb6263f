package io.prolly.backend.file;

import io.prolly.tck.StoreLocationContract;

/** Where the file backend keeps a store, what it refuses, its figures and its close. */
class FileLocationTest extends StoreLocationContract implements FileFixture {}

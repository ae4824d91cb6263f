package io.prolly.backend.file;

import io.prolly.tck.NodeStoreContract;

/** The file backend against the whole storage contract. */
class FileNodeStoreTest extends NodeStoreContract implements FileFixture {}

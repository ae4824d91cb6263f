package io.prolly.tck.memory;

import io.prolly.tck.NodeStoreContract;

/** The in-memory store against the whole storage contract. */
class MemoryNodeStoreTest extends NodeStoreContract implements MemoryFixture {}

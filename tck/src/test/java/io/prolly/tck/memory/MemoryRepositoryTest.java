package io.prolly.tck.memory;

import io.prolly.tck.repository.RepositoryContract;

/** The repository suite on the in-memory store. */
class MemoryRepositoryTest extends RepositoryContract implements MemoryFixture {}

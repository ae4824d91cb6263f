package io.prolly.backend.lmdb;

import io.prolly.tck.repository.RepositoryContract;

/** The repository end-to-end contract on this backend. */
class LmdbRepositoryTest extends RepositoryContract implements LmdbFixture {}

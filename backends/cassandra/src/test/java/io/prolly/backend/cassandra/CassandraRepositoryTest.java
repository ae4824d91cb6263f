package io.prolly.backend.cassandra;

import io.prolly.tck.repository.RepositoryContract;

/** The repository end-to-end contract on this backend. */
class CassandraRepositoryTest extends RepositoryContract implements CassandraFixture {}

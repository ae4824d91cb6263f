package io.prolly.backend.jdbc;

import io.prolly.tck.repository.RepositoryContract;

/** The repository end-to-end contract on this backend. */
class JdbcRepositoryTest extends RepositoryContract implements JdbcFixture {}

package io.prolly.backend.jdbc;

import io.prolly.tck.NodeStoreContract;

/** The jdbc backend against the whole storage contract, on a real PostgreSQL server. */
class JdbcNodeStoreTest extends NodeStoreContract implements JdbcFixture {}

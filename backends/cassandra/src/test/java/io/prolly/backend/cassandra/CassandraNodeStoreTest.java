package io.prolly.backend.cassandra;

import io.prolly.tck.NodeStoreContract;

/** The cassandra backend against the whole storage contract, on a real Cassandra node. */
class CassandraNodeStoreTest extends NodeStoreContract implements CassandraFixture {}

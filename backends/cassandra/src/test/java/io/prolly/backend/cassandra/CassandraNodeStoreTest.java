package io.prolly.backend.cassandra;

import io.prolly.tck.NodeStoreContract;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.PropagationMode;

/**
 * The cassandra backend against the whole storage contract, on a real Cassandra node. The model
 * rule runs fewer random sequences unless asked for all ({@link ShorterModelRule}).
 */
@AddLifecycleHook(value = ShorterModelRule.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
class CassandraNodeStoreTest extends NodeStoreContract implements CassandraFixture {}

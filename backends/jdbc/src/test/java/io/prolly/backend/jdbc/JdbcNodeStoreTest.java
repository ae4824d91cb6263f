package io.prolly.backend.jdbc;

import io.prolly.tck.NodeStoreContract;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.PropagationMode;

/**
 * The jdbc backend against the whole storage contract, on a real PostgreSQL server. The model
 * rule runs fewer random sequences unless asked for all ({@link ShorterModelRule}): at its full
 * count it is too slow for every build.
 */
@AddLifecycleHook(value = ShorterModelRule.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
class JdbcNodeStoreTest extends NodeStoreContract implements JdbcFixture {}

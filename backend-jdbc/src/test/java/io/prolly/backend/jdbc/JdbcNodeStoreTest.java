package io.prolly.backend.jdbc;

import io.prolly.tck.NodeStoreContract;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.PropagationMode;

/**
 * The jdbc backend against the whole storage contract, on a real PostgreSQL server. The model
 * rule runs only on request ({@link ModelRuleOnRequest}): it is too slow for every build.
 */
@AddLifecycleHook(value = ModelRuleOnRequest.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
class JdbcNodeStoreTest extends NodeStoreContract implements JdbcFixture {}

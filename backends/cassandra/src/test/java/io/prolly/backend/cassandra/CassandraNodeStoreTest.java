package io.prolly.backend.cassandra;

import io.prolly.backend.cassandra.testing.TestCassandra;
import io.prolly.spi.StoreConfig;
import io.prolly.tck.NodeStoreContract;
import java.nio.file.Path;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The cassandra backend against the whole storage contract, every rule at its full count, on a
 * real Cassandra node. Its stores have {@value #NODE_BUCKETS} node buckets instead of the default
 * 64, a legal configuration in which several nodes share a bucket: the model rule lists every node
 * after each of its 40,000 steps, and a listing reads every bucket. The repository suite, the crash
 * contract and the multi-process test run with the default.
 */
class CassandraNodeStoreTest extends NodeStoreContract implements CassandraFixture {

  static final long NODE_BUCKETS = 4;

  /** Starts the node before the first rule, so that no rule's time includes it. */
  @BeforeContainer
  static void startTheNode() {
    TestCassandra.shared();
  }

  @Override
  public StoreConfig config(Path directory) {
    return CassandraFixture.super.config(directory).toBuilder()
        .option(CassandraBackendProvider.NODE_BUCKETS, NODE_BUCKETS).build();
  }
}

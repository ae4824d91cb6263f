package io.prolly.backend.cassandra;

import io.prolly.backend.cassandra.testing.TestCassandra;
import io.prolly.tck.repository.RepositoryContract;
import net.jqwik.api.lifecycle.BeforeContainer;

/** The repository end-to-end contract on this backend. */
class CassandraRepositoryTest extends RepositoryContract implements CassandraFixture {

  /** Starts the node before the first rule, so that no rule's time includes it. */
  @BeforeContainer
  static void startTheNode() {
    TestCassandra.shared();
  }
}

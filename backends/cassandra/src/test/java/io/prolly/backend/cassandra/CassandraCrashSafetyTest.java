package io.prolly.backend.cassandra;

import io.prolly.backend.cassandra.testing.TestCassandra;
import io.prolly.tck.CrashSafetyContract;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The application process killed mid-commit: the node survives it, and the commit the killed
 * client was sending is either whole or absent, since only its conditional batch makes it count.
 * A batch still in its Paxos round when the writer died is settled by the serial read with which
 * the check's next transaction begins, so nothing needs waiting for. Public: the writer JVM creates
 * it by name, and finds the node of this JVM through {@link TestCassandra}.
 */
public class CassandraCrashSafetyTest extends CrashSafetyContract implements CassandraFixture {

  /** Creates the fixture; also called by the child process, by class name. */
  public CassandraCrashSafetyTest() {}

  /** Starts the node in this JVM before the first writer JVM looks for it; else that one would start its own. */
  @BeforeContainer
  static void startTheNodeHere() {
    TestCassandra.shared();
  }
}

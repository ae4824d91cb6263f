package io.prolly.backend.lmdb;

import io.prolly.tck.LockingContract;

/** One open handle per store, in this JVM and across processes. Public: the other process creates it by name. */
public class LmdbLockingTest extends LockingContract implements LmdbFixture {
  /** Creates the fixture; also called by the child process, by class name. */
  public LmdbLockingTest() {}
}

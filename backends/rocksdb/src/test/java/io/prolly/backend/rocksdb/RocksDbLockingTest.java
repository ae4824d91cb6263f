package io.prolly.backend.rocksdb;

import io.prolly.tck.LockingContract;

/** One open handle per store, in this JVM and across processes. Public: the other process creates it by name. */
public class RocksDbLockingTest extends LockingContract implements RocksDbFixture {
  /** Creates the fixture; also called by the child process, by class name. */
  public RocksDbLockingTest() {}
}

package io.prolly.backend.rocksdb;

import io.prolly.tck.DiskFullContract;

/** The rocksdb backend on a full disk. Public with a public constructor: the filling JVM creates it by name. */
public class RocksDbDiskFullTest extends DiskFullContract implements RocksDbFixture {

  /** Creates the fixture; also called by the filling JVM. */
  public RocksDbDiskFullTest() {}
}

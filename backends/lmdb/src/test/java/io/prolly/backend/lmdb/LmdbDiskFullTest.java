package io.prolly.backend.lmdb;

import io.prolly.tck.DiskFullContract;

/** The lmdb backend on a full disk. Public with a public constructor: the filling JVM creates it by name. */
public class LmdbDiskFullTest extends DiskFullContract implements LmdbFixture {

  /** Creates the fixture; also called by the filling JVM. */
  public LmdbDiskFullTest() {}
}

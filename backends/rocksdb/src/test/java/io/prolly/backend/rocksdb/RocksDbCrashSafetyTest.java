package io.prolly.backend.rocksdb;

import io.prolly.tck.CrashSafetyContract;

/** The RocksDB backend killed mid-commit. Public with a public constructor: the writer JVM creates it by name. */
public class RocksDbCrashSafetyTest extends CrashSafetyContract implements RocksDbFixture {

  /** Creates the fixture; also called by the writer JVM. */
  public RocksDbCrashSafetyTest() {}
}

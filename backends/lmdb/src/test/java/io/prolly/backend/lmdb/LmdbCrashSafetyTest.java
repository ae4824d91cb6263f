package io.prolly.backend.lmdb;

import io.prolly.tck.CrashSafetyContract;

/** The LMDB backend killed mid-commit. Public with a public constructor: the writer JVM creates it by name. */
public class LmdbCrashSafetyTest extends CrashSafetyContract implements LmdbFixture {

  /** Creates the fixture; also called by the writer JVM. */
  public LmdbCrashSafetyTest() {}
}

package io.prolly.tck;


/**
 * {@link CrashSafetyContract} over {@link UnprotectedFileBackend}; run only by
 * {@link PersistentContractsSelfTest}, which expects it to fail (not named *Test, so that
 * Surefire does not run it on its own). Public with a public constructor, as the contract
 * requires.
 */
public class UnprotectedFileCrashFixture extends CrashSafetyContract implements UnprotectedFileFixture {

  /** Creates the fixture; also called by the writer JVM. */
  public UnprotectedFileCrashFixture() {}
}

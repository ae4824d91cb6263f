package io.prolly.tck;


/**
 * {@link DiskFullContract} over {@link UnprotectedFileBackend}, which lets the I/O exception of
 * a full disk escape; run only by {@link PersistentContractsSelfTest}, which expects it to fail
 * (not named *Test, so that Surefire does not run it on its own). Public with a public
 * constructor, as the contract requires.
 */
public class UnprotectedFileDiskFullFixture extends DiskFullContract implements UnprotectedFileFixture {

  /** Creates the fixture; also called by the filling JVM. */
  public UnprotectedFileDiskFullFixture() {}
}

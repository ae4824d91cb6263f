package io.prolly.backend.file;

import io.prolly.tck.DiskFullContract;

/** The file backend on a full disk. Public with a public constructor: the filling JVM creates it by name. */
public class FileDiskFullTest extends DiskFullContract implements FileFixture {

  /** Creates the fixture; also called by the filling JVM. */
  public FileDiskFullTest() {}
}

package io.prolly.backend.file;

import io.prolly.tck.CrashSafetyContract;

/** The file backend killed mid-commit. Public: the writer JVM creates it by name. */
public class FileCrashSafetyTest extends CrashSafetyContract implements FileFixture {
  /** Creates the fixture; also called by the child process, by class name. */
  public FileCrashSafetyTest() {}
}

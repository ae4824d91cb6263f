package io.prolly.tck;

import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.PropagationMode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Example;

/**
 * A full disk fails a commit clearly and harms nothing: with the store on a small file system, a
 * child JVM ({@link DiskFiller}) commits through a repository until space runs out. The commit
 * that does not fit must throw {@link io.prolly.error.StorageFullException} naming the location
 * (not an I/O or native exception, and not a store that closed itself); every acknowledged commit
 * must still be there, in the branch's history and byte for byte, with the store readable and
 * {@code verify()} clean; closing the store with the disk still full may throw only a
 * {@code ProllyException}, and opening it again, still full, must show the same; a commit through
 * the new handle must fail the same way (or fit); and once space is freed (a ballast file written
 * before the store is deleted) the same changes, and further commits, must commit through that
 * handle, and be there after reopening.
 *
 * <p>The small file system is a {@value DiskFiller#FILE_SYSTEM_BYTES}-byte tmpfs that exists only
 * for the child: see {@link PrivateTmpfs}. Where user namespaces or tmpfs mounts are not allowed,
 * the rule is skipped, and reported as skipped with the reason.
 *
 * <p>A backend's disk-full test is one small subclass, public with a public no-argument
 * constructor because the child JVM creates its own instance by class name:
 *
 * <pre>{@code
 * public class LmdbDiskFullTest extends DiskFullContract implements LmdbFixture {
 *   public LmdbDiskFullTest() {}
 * }
 * }</pre>
 *
 * <p>It is for backends that keep the store on a local file system; a server's disk is the
 * server's.
 */
@AddLifecycleHook(value = RuleFailureMessages.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
public abstract class DiskFullContract implements BackendFixture {

  /** Only a guard against a hang: the child normally ends in seconds. */
  private static final long CHILD_LIMIT_SECONDS = 180;

  /** For subclasses. */
  protected DiskFullContract() {}

  /**
   * The commit that does not fit throws {@link io.prolly.error.StorageFullException}, loses
   * nothing acknowledged and leaves a readable, verify-clean store that commits again once space
   * is freed.
   */
  @Contract(value = "A full disk fails the commit that does not fit with StorageFullException naming the location, "
      + "loses no acknowledged commit, and leaves a store that reads and, once space is freed, commits again "
      + "through the same handle (NodeStore, WriteTransaction.commit).",
      catches = "the engine's IOException for ENOSPC escaping as UncheckedIOException or a plain ProllyException, "
      + "or an engine that closes itself for good after the failed write")
  @Example
  void required_aFullDiskFailsTheCommitClearlyLosesNothingAndCommitsAgainOnceSpaceIsFreed() throws Exception {
    FixtureByName.require(getClass(), "the JVM that fills the disk creates it by name");
    Path directory = TestDirectories.create("prolly-disk-full-");
    try {
      String unavailable = PrivateTmpfs.unavailable(Files.createDirectory(directory.resolve("probe")));
      assumeTrue(unavailable == null, () -> "needs a small file system of its own: " + unavailable);
      Path smallDisk = Files.createDirectory(directory.resolve("small-disk"));
      Path output = directory.resolve("filler.log");
      Process child = PrivateTmpfs.start(DiskFiller.FILE_SYSTEM_BYTES, smallDisk, DiskFiller.class, output,
          getClass().getName(), smallDisk.toString());
      try {
        if (!child.waitFor(CHILD_LIMIT_SECONDS, TimeUnit.SECONDS)) {
          throw new AssertionError("the JVM filling the disk did not end within " + CHILD_LIMIT_SECONDS
              + " seconds (a commit on a full disk hangs?); its output:\n" + read(output));
        }
      } finally {
        child.destroyForcibly();
        child.waitFor();
      }
      if (child.exitValue() != 0) {
        throw new AssertionError("the JVM filling the disk exited with code " + child.exitValue() + "; its output:\n"
            + read(output));
      }
      System.out.println(getClass().getSimpleName() + ": " + read(output).strip());
    } finally {
      TestDirectories.delete(directory);
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(none)";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

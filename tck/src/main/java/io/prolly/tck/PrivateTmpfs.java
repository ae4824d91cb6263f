package io.prolly.tck;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A small file system for one child JVM: the child runs in a user and mount namespace of its own
 * ({@code unshare -rm}), where a tmpfs of a fixed size is mounted over a directory before
 * {@code java} starts. This needs no root (an unprivileged user maps itself to root inside the
 * namespace), and the mount exists only inside the namespace: it vanishes with the child,
 * however the child or this JVM ends, so nothing is ever left mounted.
 */
final class PrivateTmpfs {

  /** Mounts the tmpfs of size {@code $1} over directory {@code $2}, then runs the rest of the arguments. */
  private static final String MOUNT_THEN_RUN = "mount -t tmpfs -o size=\"$1\" tmpfs \"$2\" && shift 2 && exec \"$@\"";
  private static final long PROBE_LIMIT_SECONDS = 20;

  private PrivateTmpfs() {}

  /**
   * Tries a private tmpfs on a scratch directory.
   *
   * @param scratch an empty directory
   * @return null if a private tmpfs can be mounted here, or why not
   */
  static @Nullable String unavailable(Path scratch) {
    List<String> probe = launcher(1 << 20, scratch);
    probe.add("true");
    Process process;
    try {
      process = new ProcessBuilder(probe).redirectErrorStream(true).start();
    } catch (IOException e) {
      return "cannot run 'unshare' (" + e.getMessage() + "); it comes with util-linux";
    }
    try (InputStream output = process.getInputStream()) {
      String said = new String(output.readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!process.waitFor(PROBE_LIMIT_SECONDS, TimeUnit.SECONDS)) {
        return "'" + String.join(" ", probe) + "' did not end within " + PROBE_LIMIT_SECONDS + " seconds";
      }
      return process.exitValue() == 0 ? null : "'" + String.join(" ", probe) + "' failed with exit code "
          + process.exitValue() + " (" + said + "): user namespaces or tmpfs mounts are not allowed here";
    } catch (IOException e) {
      return "cannot read the output of 'unshare' (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while trying 'unshare'";
    } finally {
      process.destroyForcibly();
    }
  }

  /**
   * Starts a main class of the test's class path in a child JVM that sees a tmpfs of
   * {@code sizeBytes} mounted over {@code mountPoint}; this JVM sees the directory as it was.
   *
   * @return the running process; the caller must end it
   */
  static Process start(long sizeBytes, Path mountPoint, Class<?> mainClass, Path output, String... args) {
    return ChildJvm.startUnder(launcher(sizeBytes, mountPoint), mainClass, output, args);
  }

  private static List<String> launcher(long sizeBytes, Path mountPoint) {
    return new ArrayList<>(List.of("unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
        MOUNT_THEN_RUN, "sh", Long.toString(sizeBytes), mountPoint.toAbsolutePath().toString()));
  }
}

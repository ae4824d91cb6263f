package io.prolly.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A new temporary directory, deleted with everything in it when closed. */
final class ScratchDirectory implements AutoCloseable {

  final Path path;

  ScratchDirectory(String prefix) {
    this(Path.of(System.getProperty("java.io.tmpdir")), prefix);
  }

  /** In a given parent directory, for runs that need more room than the temporary directory has. */
  ScratchDirectory(Path parent, String prefix) {
    try {
      path = Files.createTempDirectory(Files.createDirectories(parent), prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try (Stream<Path> paths = Files.walk(path)) {
      paths.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

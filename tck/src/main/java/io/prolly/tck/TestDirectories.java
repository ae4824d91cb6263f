package io.prolly.tck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The throwaway directories the contracts keep stores in. */
final class TestDirectories {

  private TestDirectories() {}

  /**
   * Creates a new, empty directory under the system's temporary folder.
   *
   * @param prefix the start of the directory's name
   * @return the new directory
   * @throws UncheckedIOException if it cannot be created
   */
  static Path create(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a test directory", e);
    }
  }

  /**
   * Deletes a directory and everything in it; a directory that is already gone is fine.
   *
   * @param directory the directory
   * @throws UncheckedIOException if something in it cannot be deleted
   */
  static void delete(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete test directory " + directory, e);
    }
  }
}

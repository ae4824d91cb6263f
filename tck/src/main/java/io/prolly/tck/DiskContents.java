package io.prolly.tck;

import io.prolly.spi.Hash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a directory tree holds, entry by entry: the proof that an open which was refused changed
 * nothing on disk.
 *
 * @param entries each path relative to the root ("" for the root itself), to "directory" or to
 *     the size and SHA-256 of a file
 */
record DiskContents(SortedMap<String, String> entries) {

  DiskContents {
    entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
  }

  /** Reads every entry under {@code root}; a root that does not exist holds nothing. */
  static DiskContents of(Path root) {
    SortedMap<String, String> entries = new TreeMap<>();
    if (!Files.exists(root)) {
      return new DiskContents(entries);
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        entries.put(root.relativize(path).toString(), describe(path));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the contents of " + root, e);
    }
    return new DiskContents(entries);
  }

  /** Lists what was added, removed or changed since {@code before}, one line an entry. */
  List<String> changesSince(DiskContents before) {
    List<String> changes = new ArrayList<>();
    entries.forEach((path, now) -> {
      String then = before.entries.get(path);
      if (then == null) {
        changes.add("added '" + path + "' (" + now + ")");
      } else if (!then.equals(now)) {
        changes.add("changed '" + path + "' from " + then + " to " + now);
      }
    });
    before.entries.keySet().stream().filter(path -> !entries.containsKey(path))
        .forEach(path -> changes.add("removed '" + path + "'"));
    return changes;
  }

  private static String describe(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      return "directory";
    }
    byte[] bytes = Files.readAllBytes(path);
    return bytes.length + " bytes, sha-256 " + Hash.of(bytes);
  }
}

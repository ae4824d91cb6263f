package io.prolly.tree;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The worked examples of {@code docs/format.md}. An example is a fenced block whose info string is
 * {@code example <name>}; its value is the hex digits it holds, with everything from a {@code #}
 * to the end of a line taken as a comment, and spaces ignored.
 */
final class SpecDocument {

  private static final String FENCE = "```";
  private static final String EXAMPLE = FENCE + "example ";

  private final Map<String, String> examples;

  private SpecDocument(Map<String, String> examples) {
    this.examples = examples;
  }

  /** Reads the spec; tests run in the module's folder, the docs are one level up. */
  static SpecDocument load() {
    Path path = Path.of("..", "docs", "format.md");
    try {
      return parse(Files.readAllLines(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the format spec at " + path.toAbsolutePath(), e);
    }
  }

  static SpecDocument parse(List<String> lines) {
    Map<String, String> examples = new LinkedHashMap<>();
    String name = null;
    StringBuilder hex = new StringBuilder();
    for (String line : lines) {
      if (name == null && line.startsWith(EXAMPLE)) {
        name = line.substring(EXAMPLE.length()).strip();
        hex.setLength(0);
      } else if (name != null && line.startsWith(FENCE)) {
        if (examples.put(name, hex.toString()) != null) {
          throw new IllegalStateException("the spec has two examples named " + name);
        }
        name = null;
      } else if (name != null) {
        int comment = line.indexOf('#');
        hex.append((comment < 0 ? line : line.substring(0, comment)).replaceAll("\\s", ""));
      }
    }
    if (name != null) {
      throw new IllegalStateException("example " + name + " is not closed");
    }
    return new SpecDocument(examples);
  }

  /** Returns the hex digits of an example, lower case. */
  String hex(String name) {
    String hex = examples.get(name);
    if (hex == null) {
      throw new NoSuchElementException("docs/format.md has no example named " + name + "; it has " + examples.keySet());
    }
    return hex.toLowerCase(java.util.Locale.ROOT);
  }

  /** Returns the names of all examples, in document order. */
  java.util.Set<String> names() {
    return examples.keySet();
  }
}

package io.prolly.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * A file of key-value pairs for bulk writes: one pair per line, key and value separated by the
 * first tab, UTF-8; empty lines are skipped. {@code -} reads standard input.
 */
final class EditFile {

  /** One line of the file. */
  record Pair(String key, String value) {}

  private EditFile() {}

  /** Reads every pair of the file into memory. */
  static List<Pair> read(String file, InputStream stdin) throws IOException {
    try (Lines lines = open(file, stdin)) {
      List<Pair> pairs = new ArrayList<>();
      lines.forEachRemaining(pair -> pairs.add(new Pair(pair.getKey(), pair.getValue())));
      return pairs;
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * Opens the file for reading its pairs one at a time, holding none of them.
   *
   * @throws UserException if there is no such file
   */
  static Lines open(String file, InputStream stdin) throws IOException {
    try {
      return new Lines(file, file.equals("-")
          ? new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))
          : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new UserException(ExitCodes.NOT_FOUND_OR_CONFLICT, "there is no file " + file);
    }
  }

  /** The pairs of a file, read as they are asked for; reading errors come as {@link UncheckedIOException}. */
  static final class Lines implements Iterator<Map.Entry<String, String>>, AutoCloseable {
    private final String file;
    private final BufferedReader reader;
    private Map.@Nullable Entry<String, String> next;
    private int number;

    private Lines(String file, BufferedReader reader) {
      this.file = file;
      this.reader = reader;
    }

    @Override
    public boolean hasNext() {
      while (next == null) {
        String line;
        try {
          line = reader.readLine();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        if (line == null) {
          return false;
        }
        number++;
        if (line.isEmpty()) {
          continue;
        }
        int tab = line.indexOf('\t');
        if (tab < 0) {
          throw new UserException(ExitCodes.USAGE, file + " line " + number
              + " has no tab: write each pair as KEY<tab>VALUE");
        }
        next = Map.entry(line.substring(0, tab), line.substring(tab + 1));
      }
      return true;
    }

    @Override
    public Map.Entry<String, String> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Map.Entry<String, String> pair = next;
      next = null;
      return pair;
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }
}

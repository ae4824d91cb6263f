package io.prolly.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A file of key-value pairs for bulk writes: one pair per line, key and value separated by the
 * first tab, UTF-8; empty lines are skipped. {@code -} reads standard input.
 */
final class EditFile {

  /** One line of the file. */
  record Pair(String key, String value) {}

  private EditFile() {}

  static List<Pair> read(String file, InputStream stdin) throws IOException {
    try (BufferedReader reader = new BufferedReader(file.equals("-")
        ? new InputStreamReader(stdin, StandardCharsets.UTF_8)
        : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8))) {
      List<Pair> pairs = new ArrayList<>();
      int number = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        number++;
        if (line.isEmpty()) {
          continue;
        }
        int tab = line.indexOf('\t');
        if (tab < 0) {
          throw new UserException(ExitCodes.USAGE, file + " line " + number
              + " has no tab: write each pair as KEY<tab>VALUE");
        }
        pairs.add(new Pair(line.substring(0, tab), line.substring(tab + 1)));
      }
      return pairs;
    } catch (NoSuchFileException e) {
      throw new UserException(ExitCodes.NOT_FOUND_OR_CONFLICT, "there is no file " + file);
    }
  }
}

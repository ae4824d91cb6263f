package io.prolly.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Rows printed with their columns aligned, two spaces apart; the last column is not padded. */
final class Table {

  private final List<String[]> rows = new ArrayList<>();

  Table row(String... cells) {
    rows.add(cells.clone());
    return this;
  }

  void print(PrintWriter out) {
    int columns = rows.stream().mapToInt(row -> row.length).max().orElse(0);
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < row.length - 1; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(i < row.length - 1 ? pad(row[i], widths[i]) + "  " : row[i]);
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }

  private static String pad(String cell, int width) {
    return cell + " ".repeat(width - cell.length());
  }
}

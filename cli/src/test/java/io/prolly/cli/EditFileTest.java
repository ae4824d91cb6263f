package io.prolly.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EditFileTest {

  @TempDir
  Path dir;

  @Test
  void each_line_splits_at_the_first_tab_and_empty_lines_are_skipped() throws Exception {
    Path file = Files.writeString(dir.resolve("pairs.tsv"), "a\t1\n\nb\tx\ty\nc\t\n");
    assertThat(EditFile.read(file.toString(), noStdin())).containsExactly(
        new EditFile.Pair("a", "1"), new EditFile.Pair("b", "x\ty"), new EditFile.Pair("c", ""));
  }

  @Test
  void a_dash_reads_standard_input() throws Exception {
    ByteArrayInputStream stdin = new ByteArrayInputStream("k\tv\n".getBytes(StandardCharsets.UTF_8));
    assertThat(EditFile.read("-", stdin)).containsExactly(new EditFile.Pair("k", "v"));
  }

  @Test
  void a_missing_file_is_not_found() {
    assertThatThrownBy(() -> EditFile.read(dir.resolve("none").toString(), noStdin()))
        .isInstanceOfSatisfying(UserException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.NOT_FOUND_OR_CONFLICT));
  }

  private static ByteArrayInputStream noStdin() {
    return new ByteArrayInputStream(new byte[0]);
  }
}

package io.prolly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TableTest {

  @Test
  void columns_are_aligned_two_spaces_apart_and_the_last_is_not_padded() {
    StringWriter text = new StringWriter();
    new Table().row("a", "long value", "x").row("longer", "v", "").row("b").print(new PrintWriter(text));
    assertThat(text.toString()).isEqualTo("a       long value  x\nlonger  v\nb\n");
  }
}

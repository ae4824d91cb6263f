package io.prolly.examples.java;

import static org.assertj.core.api.Assertions.assertThat;

import io.prolly.Codecs;
import io.prolly.Prolly;
import io.prolly.Repository;
import io.prolly.Snapshot;
import io.prolly.Store;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickStartTest {

  @TempDir
  Path dir;

  @Test
  void printsTheDiffThenTheMergedValueThenTheOldOne() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    QuickStart.run(dir.resolve("app.prolly"), new PrintStream(printed, true, StandardCharsets.UTF_8));
    assertThat(printed.toString(StandardCharsets.UTF_8).lines()).containsExactly(
        "~ greeting: hello -> bonjour",
        "- subject (was world)",
        "bonjour, false",
        "hello");
  }

  @Test
  void leavesBothBranchesAtTheFeatureCommitInTheFile() {
    Path file = dir.resolve("app.prolly");
    QuickStart.run(file, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    try (Repository repo = Prolly.open(file)) {
      assertThat(repo.branches()).containsOnlyKeys("main", "feature");
      assertThat(repo.resolve("main")).isEqualTo(repo.resolve("feature"));
      assertThat(repo.log("main").map(commit -> commit.message())).containsExactly("in French", "first");
      Snapshot<String> main = repo.snapshot("main", Codecs.utf8());
      assertThat(main.get("greeting")).isEqualTo("bonjour");
      assertThat(main.contains("subject")).isFalse();
    }
  }

  @Test
  void theReadmeShowsThisFileAsItIs() throws IOException {
    String readme = Files.readString(Path.of("../../README.md"));
    String source = Files.readString(Path.of("src/main/java/io/prolly/examples/java/QuickStart.java"));
    assertThat(readme.contains(source))
        .as("README.md must show QuickStart.java verbatim; copy the file into its Java section")
        .isTrue();
  }
}
